/**
 * The `npyio` command: argument parsing (cac), dispatch to the subcommands, and the exit codes —
 * 0 success, 1 `verify` found a problem, 2 a user error (one line: the NpyError's message).
 */
import { createRequire } from "node:module";
import { cac } from "cac";
import { isNpyError, NpyError } from "npyio";
import { convert } from "./commands/convert.js";
import { head } from "./commands/head.js";
import { info } from "./commands/info.js";
import { stats } from "./commands/stats.js";
import { verify } from "./commands/verify.js";
import { type Input, openInput } from "./open-input.js";
import { type Output, streamOutput } from "./output.js";
import { withProgress } from "./progress-bar.js";

// cac's parser (mri) drops a lone "-", so it travels through parsing under another name
const STDIN_ARG = "\u0000stdin";
const unmask = (spec: string) => (spec === STDIN_ARG ? "-" : spec);

/** Exit codes of the `npyio` command. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

/** A comma-separated option given once or more: `--member a,b --member c` → `["a", "b", "c"]`. */
function list(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value])
    .flatMap((v) => String(v).split(","))
    .filter((v) => v !== "");
}

function rowCount(value: unknown): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `-n expects a non-negative whole number of rows, got ${String(value)}`,
    );
  }
  return n;
}

async function withInput<T>(spec: string, quiet: boolean, run: (input: Input) => Promise<T>): Promise<T> {
  const input = await openInput(unmask(spec));
  const progress = quiet ? { source: input.source, stop() {} } : withProgress(input.source);
  try {
    return await run({ ...input, source: progress.source });
  } finally {
    progress.stop();
    await input.close();
  }
}

/**
 * Runs the command line `args` (without `node` and the script) and resolves to the exit code.
 * Results go to `out`; errors to stderr as one line.
 */
export async function runCli(args: readonly string[], out: Output = streamOutput()): Promise<number> {
  const cli = cac("npyio");
  let code: number = EXIT.ok;
  cli.option("--quiet", "No progress bar");

  cli
    .command("info <file>", "Format version, dtype, shape, order and sizes (each member of an .npz)")
    .option("--json", "Print JSON")
    .example("npyio info data.npy")
    .example("npyio info https://example.org/weights.npz --json")
    .action((file: string, o: { json?: boolean; quiet?: boolean }) =>
      withInput(file, o.quiet === true, (input) => info(input, { json: o.json === true }, out)),
    );

  cli
    .command("head <file>", "The first rows, printed the way numpy prints arrays")
    .option("-n, --rows <n>", "Rows along the first axis", { default: 10 })
    .option("--member <names>", "npz: only these members (comma-separated)")
    .example("npyio head data.npy -n 5")
    .action((file: string, o: { rows: unknown; member?: unknown; quiet?: boolean }) => {
      const rows = rowCount(o.rows);
      return withInput(file, o.quiet === true, (input) =>
        head(input, { rows, ...(o.member === undefined ? {} : { member: list(o.member)! }) }, out),
      );
    });

  cli
    .command("stats <file>", "count, min, max, mean, std, NaN and inf counts, in constant memory")
    .option("--json", "Print JSON")
    .option("--member <names>", "npz: only these members (comma-separated)")
    .example("npyio stats data.npy")
    .action((file: string, o: { json?: boolean; member?: unknown; quiet?: boolean }) =>
      withInput(file, o.quiet === true, (input) =>
        stats(
          input,
          { json: o.json === true, ...(o.member === undefined ? {} : { member: list(o.member)! }) },
          out,
        ),
      ),
    );

  cli
    .command("convert <in> <out>", "npy ⇄ npz, npy → csv/json, csv → npy; casts and byte order")
    .option("--member <names>", "npz input: the members to take (comma-separated)")
    .option("--name <name>", "npy → npz: the member name (default: the input's file name)")
    .option("--compress", "npz output: deflate the members (numpy's savez_compressed)")
    .option("--dtype <descr>", "Cast to this dtype, e.g. <f4, i8, >u2")
    .option("--unsafe", "Allow casts that change values (rounding, overflow)")
    .option("--byte-order <order>", "little, big or native (<, >, =)")
    .option("--to <format>", "Output format when OUT has no telling extension: npy, npz, csv, json")
    .option("--from <format>", "Input format for a file without magic: csv")
    .example("npyio convert data.npz a.npy --member a")
    .example("npyio convert table.csv table.npy --dtype <f4")
    .action((from: string, to: string, o: Record<string, unknown>) =>
      withInput(from, o.quiet === true, (input) =>
        convert(
          input,
          unmask(to),
          {
            member: list(o.member),
            name: o.name === undefined ? undefined : String(o.name),
            compress: o.compress === true,
            dtype: o.dtype === undefined ? undefined : String(o.dtype),
            unsafe: o.unsafe === true,
            byteOrder: o.byteOrder === undefined ? undefined : String(o.byteOrder),
            to: o.to === undefined ? undefined : String(o.to),
            from: o.from === undefined ? undefined : String(o.from),
          },
          out,
        ),
      ),
    );

  cli
    .command(
      "verify <file>",
      "Check header validity, truncation and every npz CRC; exit 0 if sound, 1 if not",
    )
    .example("npyio verify data.npz")
    .action(async (file: string, o: { quiet?: boolean }) => {
      const sound = await withInput(file, o.quiet === true, (input) => verify(input, out));
      code = sound ? EXIT.ok : EXIT.failed;
    });

  cli.help();
  cli.version(version);

  try {
    cli.parse(["node", "npyio", ...args.map((a) => (a === "-" ? STDIN_ARG : a))], { run: false });
    if (cli.options.help || cli.options.version) return EXIT.ok;
    if (!cli.matchedCommand) {
      const name = cli.args[0];
      cli.outputHelp();
      if (name === undefined) return EXIT.usage;
      throw new NpyError("INVALID_ARGUMENT", `unknown command '${name}'; see the list above`);
    }
    await cli.runMatchedCommand();
    return code;
  } catch (err) {
    if (isNpyError(err)) {
      process.stderr.write(`npyio: ${err.message}\n`);
      return EXIT.usage;
    }
    // cac reports bad usage (unknown option, missing argument) as CACError
    if (err instanceof Error && err.name === "CACError") {
      process.stderr.write(`npyio: ${err.message}; see npyio ${cli.matchedCommandName ?? ""} --help\n`);
      return EXIT.usage;
    }
    throw err;
  }
}
