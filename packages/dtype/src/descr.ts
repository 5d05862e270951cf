// The header's `descr` value, as agreed in docs/ARCHITECTURE.md, is defined by @npyio/header.
export type { Descr, DescrField, DescrFieldName, DescrSubarray } from "@npyio/header";
