export { type FormatArrayOptions, formatArray } from "./array-format.js";
export { EXIT, runCli } from "./run-cli.js";
export { type Stats, StatsAccumulator } from "./stats-accumulator.js";
