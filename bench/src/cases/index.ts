import type { BenchCase } from "../bench-case.js";
import { case1 } from "./case1-parse-view.js";
import { case2 } from "./case2-file-to-array.js";
import { case3 } from "./case3-big-endian.js";
import { case4 } from "./case4-streaming-decode.js";
import { case5 } from "./case5-npz-read.js";
import { case6 } from "./case6-npz-write.js";
import { case7 } from "./case7-strings.js";
import { case8 } from "./case8-structured.js";
import { case9 } from "./case9-remote-rows.js";
import { case12 } from "./case12-demo-load.js";
import { case13 } from "./case13-long-operations.js";
import { case14 } from "./case14-remote-slices.js";
import { case15 } from "./case15-cli-convert.js";

/** The cases of issue 9, in its order. */
export const cases: BenchCase[] = [
  case1,
  case2,
  case3,
  case4,
  case5,
  case6,
  case7,
  case8,
  case9,
  case12,
  case13,
  case14,
  case15,
];
