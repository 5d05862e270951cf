export { type FormatArrayOptions, formatArray } from "npyio/repr";
export { EXIT, runCli } from "./run-cli.js";
export { type Stats, StatsAccumulator } from "./stats-accumulator.js";
