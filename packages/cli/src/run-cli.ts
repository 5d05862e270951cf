/**
 * The `npyio` command: argument parsing (cac), dispatch to the subcommands, and the exit codes —
 * 0 done, 1 the data is bad, 2 the command line is wrong — with every error as one line on stderr:
 * `npyio: CODE: message`.
 */
import { createRequire } from "node:module";
import { cac } from "cac";
import { isNpyError, NpyError } from "npyio";
import { convert } from "./commands/convert.js";
import { head } from "./commands/head.js";
import { info } from "./commands/info.js";
import { stats } from "./commands/stats.js";
import { verify } from "./commands/verify.js";
import { EXIT, exitCodeOf } from "./exit-code.js";
import { type Input, openInput } from "./open-input.js";
import { type Output, streamOutput } from "./output.js";
import { ProgressBar, type ProgressTerminal } from "./progress-bar.js";

// cac's parser (mri) drops a lone "-", so it travels through parsing under another name
const STDIN_ARG = "\u0000stdin";
const unmask = (spec: string) => (spec === STDIN_ARG ? "-" : spec);

export { EXIT } from "./exit-code.js";

const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

/** A comma-separated option given once or more: `--member a,b --member c` → `["a", "b", "c"]`. */
function list(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value])
    .flatMap((v) => String(v).split(","))
    .filter((v) => v !== "");
}

function rowCount(value: unknown): number {
  // mri hands numbers over as numbers, other values as strings, a bare `-n` as true
  const n =
    typeof value === "number" || (typeof value === "string" && value.trim() !== "")
      ? Number(value)
      : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new NpyError(
      "INVALID_ARGUMENT",
      `-n expects a whole number of rows, 0 or more, got ${value === true || value === "" ? "nothing" : JSON.stringify(String(value))}`,
    );
  }
  return n;
}

// options whose value may look like an option itself: `-n -3` is -n with the value -3, for the
// error message to talk about -3 as a number rather than as an unknown option `-3`
const VALUE_OPTIONS = new Set(["-n", "--rows", "--dtype", "--byte-order", "--name", "--member"]);
// cac gives mri the camelCase names of boolean options, so a dash-case flag would take the
// next argument as its value (`--allow-full-download URL` would lose the URL)
const DASHED_FLAGS = new Set(["--allow-full-download", "--allow-pickle"]);

function normalizeArgs(args: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = args[i + 1];
    if (VALUE_OPTIONS.has(a) && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`${a.startsWith("--") ? a : "--rows"}=${next}`);
      i++;
    } else if (DASHED_FLAGS.has(a)) joined.push(`${a}=true`);
    else joined.push(a);
  }
  return joined;
}

/** Options every subcommand takes. */
interface Common {
  quiet?: boolean;
  /** `true`, or `"true"` as {@link normalizeArgs} passes it. */
  allowFullDownload?: boolean | string;
  /** Object arrays: read their pickles as data (never calling anything). */
  allowPickle?: boolean | string;
}

/**
 * Runs the command line `args` (without `node` and the script) and resolves to the exit code.
 * Results go to `out`; errors to `stderr` as one line, `npyio: CODE: message`, and the progress
 * bar too when `stderr` is a terminal.
 */
export async function runCli(
  args: readonly string[],
  out: Output = streamOutput(),
  stderr: ProgressTerminal = process.stderr,
): Promise<number> {
  const cli = cac("npyio");
  let code: number = EXIT.ok;
  const bar = new ProgressBar(stderr, {
    enabled: !args.includes("--quiet"),
    immediate: process.env.NPYIO_PROGRESS === "always",
  });
  // the bar is erased before every line of output, so it never costs one
  const output: Output = {
    line(text) {
      bar.clear();
      out.line(text);
    },
    bytes(data) {
      bar.clear();
      return out.bytes(data);
    },
    note(text) {
      bar.clear();
      if (out.note) out.note(text);
      else stderr.write(`npyio: ${text}\n`);
    },
  };
  cli.option("--quiet", "No progress bar");
  cli.option(
    "--allow-full-download",
    "URLs on servers that ignore Range: download the whole file instead of failing",
  );
  cli.option("--allow-pickle", "Read object arrays (pickles) as data; nothing in them is ever run");

  /** Opens `spec`, counting its reads on the bar (`whole`: the command reads all of it). */
  async function withInput<T>(
    spec: string,
    o: Common,
    whole: boolean,
    run: (input: Input) => Promise<T>,
  ): Promise<T> {
    const input = await openInput(unmask(spec), {
      allowFullDownload: o.allowFullDownload === true || o.allowFullDownload === "true",
    });
    const label = `${cli.matchedCommandName ?? "npyio"} ${input.name}`;
    try {
      return await run({
        ...input,
        source: bar.track(input.source, label, whole ? input.source.size : undefined),
      });
    } catch (err) {
      // the library's messages speak of bytes and members; the line on screen names the file too
      if (isNpyError(err) && !err.message.includes(input.name))
        throw new NpyError(err.code, `${input.name}: ${err.message}`, { offset: err.offset, cause: err });
      throw err;
    } finally {
      bar.stop();
      await input.close();
    }
  }

  cli
    .command("info <file>", "Format version, dtype, shape, order and sizes (each member of an .npz)")
    .option("--json", "Print JSON")
    .example("npyio info data.npy")
    .example("npyio info https://example.org/weights.npz --json")
    .action((file: string, o: Common & { json?: boolean }) =>
      withInput(file, o, false, (input) => info(input, { json: o.json === true }, output)),
    );

  cli
    .command("head <file>", "The first rows, printed the way numpy prints arrays")
    .option("-n, --rows <n>", "Rows along the first axis", { default: 10 })
    .option("--member <names>", "npz: only these members (comma-separated)")
    .example("npyio head data.npy -n 5")
    .action((file: string, o: Common & { rows: unknown; member?: unknown }) => {
      const rows = rowCount(o.rows);
      return withInput(file, o, false, (input) =>
        head(
          input,
          {
            rows,
            allowPickle: o.allowPickle === true || o.allowPickle === "true",
            ...(o.member === undefined ? {} : { member: list(o.member)! }),
          },
          output,
        ),
      );
    });

  cli
    .command("stats <file>", "count, min, max, mean, std, NaN and inf counts, in constant memory")
    .option("--json", "Print JSON")
    .option("--member <names>", "npz: only these members (comma-separated)")
    .example("npyio stats data.npy")
    .action((file: string, o: Common & { json?: boolean; member?: unknown }) =>
      withInput(file, o, true, (input) =>
        stats(
          input,
          { json: o.json === true, ...(o.member === undefined ? {} : { member: list(o.member)! }) },
          output,
        ),
      ),
    );

  cli
    .command("convert <in> <out>", "npy ⇄ npz, npy → csv/json, csv → npy; casts and byte order")
    .option("--member <names>", "npz input: the members to take (comma-separated)")
    .option("--name <name>", "npy → npz: the member name (default: the input's file name)")
    .option("--compress", "npz output: deflate the members (numpy's savez_compressed)")
    .option("--dtype <descr>", "Cast to this dtype, e.g. '<f4', i8, '>u2' (quote < and >)")
    .option("--unsafe", "Allow casts that change values (rounding, overflow)")
    .option("--byte-order <order>", "little, big or native (<, >, =)")
    .option("--to <format>", "Output format when OUT has no telling extension: npy, npz, csv, json")
    .option("--from <format>", "Input format for a file without magic: csv")
    .example("npyio convert data.npz a.npy --member a")
    .example("npyio convert table.csv table.npy --dtype '<f4'")
    .action((from: string, to: string, o: Common & Record<string, unknown>) =>
      withInput(from, o, true, (input) =>
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
          output,
        ),
      ),
    );

  cli
    .command(
      "verify <file>",
      "Check header validity, truncation and every npz CRC; exit 0 if sound, 1 if not",
    )
    .example("npyio verify data.npz")
    .action(async (file: string, o: Common) => {
      const sound = await withInput(file, o, true, (input) => verify(input, output));
      code = sound ? EXIT.ok : EXIT.failed;
    });

  cli.help();
  cli.version(version);

  try {
    const argv = normalizeArgs(args).map((a) => (a === "-" ? STDIN_ARG : a));
    cli.parse(["node", "npyio", ...argv], { run: false });
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
    bar.stop();
    if (isNpyError(err)) {
      stderr.write(`npyio: ${err.code}: ${err.message}${advice(err)}\n`);
      return exitCodeOf(err);
    }
    // cac reports bad usage (unknown option, missing argument) as CACError
    if (err instanceof Error && err.name === "CACError") {
      const help = `npyio ${cli.matchedCommandName ?? ""}`.trimEnd();
      stderr.write(`npyio: INVALID_ARGUMENT: ${err.message}; see ${help} --help\n`);
      return EXIT.usage;
    }
    throw err;
  }
}

/** What the person at the terminal can do, where the library's message speaks to a programmer. */
function advice(err: NpyError): string {
  if (err.code === "RANGE_NOT_SUPPORTED") return "; with npyio, pass --allow-full-download";
  return "";
}
