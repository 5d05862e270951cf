#!/usr/bin/env node
// The `npyio` command's entry: runs the build in dist/, or, in a checkout that was never built,
// says how to build it rather than failing with a module-not-found stack trace.
import { existsSync } from "node:fs";

const entry = new URL("../dist/bin.js", import.meta.url);
if (existsSync(entry)) {
  await import(entry.href);
} else {
  process.stderr.write(
    "npyio: the command is not built yet; run `npx -y pnpm@12.4.2 build` in the npyio checkout, then try again\n",
  );
  process.exitCode = 2;
}
