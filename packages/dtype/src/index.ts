export { byteSwap } from "./byte-swap.js";
export type { DecodeOptions } from "./codec.js";
export { concatData, dataByteLength, elementCount, sliceData } from "./data-ops.js";
export { NAT } from "./datetime.js";
export { type DataOfDType, decode, type FixedStringsOf } from "./decode.js";
export type { Descr, DescrField, DescrFieldName, DescrSubarray } from "./descr.js";
export type {
  ByteOrder,
  DataOf,
  DatetimeUnit,
  DType,
  DTypeField,
  Float16Data,
  NpyArray,
  NpyData,
  NpyRecord,
  PickleComplex,
  PickleGlobal,
  PickleValue,
  ScalarDType,
  ScalarKind,
  StructDType,
  SubarrayDType,
} from "./dtype.js";
export { type EncodableData, type EncodeOptions, encode } from "./encode.js";
export { FixedStrings } from "./fixed-strings.js";
export { nativeOrder } from "./native-order.js";
export { type ParseDescrOptions, parseDescr } from "./parse-descr.js";
