import { execFileSync, spawn } from "node:child_process";
import { existsSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  type BenchCase,
  type BenchTask,
  fmtBytes,
  HUGE_PAGE_ENV,
  timeRatioVerdict,
  type Verdict,
} from "../bench-case.js";
import { buildCli } from "../cli-build.js";
import { benchDir, MiB } from "../config.js";
import type { Measurement, Measurements } from "../measurement.js";

const TIME = "/usr/bin/time";

export const names15 = {
  cli: "npyio convert in.npy out.npz --compress (the command, as a user runs it)",
  huge: "npyio convert --compress with GLIBC_TUNABLES=glibc.malloc.hugetlb=1",
  oneThread: "npyio convert --compress with UV_THREADPOOL_SIZE=1 (deflate on one thread)",
  numpy: "numpy savez_compressed (to a file, array loaded)",
};
const rssKey = (task: string) => `${task}: peak RSS of the process`;
const sizeKey = (task: string) => `${task}: output size`;

/** What /usr/bin/time said about one run of the command. */
interface CommandRun {
  code: number | null;
  stderr: string;
  cpuMs: number;
  maxRssBytes: number;
}

/**
 * Runs `node bin args` under GNU time, whose wait4 sees the process's peak RSS and its CPU time
 * (user + system, all threads, and any child it waited for).
 */
function runCommand(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(TIME, ["-f", "@@time %U %S %M", process.execPath, bin, ...args], {
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const line = stderr.split("\n").find((l) => l.startsWith("@@time "));
      const [user = 0, sys = 0, kib = 0] = (line ?? "").slice(7).split(" ").map(Number);
      resolve({
        code,
        stderr: stderr.replace(line ?? "", "").trim(),
        cpuMs: (user + sys) * 1000,
        maxRssBytes: kib * 1024,
      });
    });
  });
}

/**
 * Case 15 (issue 17, target 4): `npyio convert in.npy out.npz --compress` of 256 MiB of random
 * float64, the built command in its own process, against numpy's `savez_compressed` of the same
 * array, already loaded, to a file: ≤ 0.8× numpy's time and < 256 MiB peak RSS for the process.
 */
export const case15: BenchCase = {
  id: 15,
  title: "npyio convert --compress: the command against savez_compressed",
  numpy: true,
  memoryTasks: [],
  async run({ inputsDir, manifest }) {
    const count = Math.max(1024, Math.floor((256 * MiB * manifest.params.scale) / 8));
    execFileSync("python3", [join(benchDir, "py", "gen_convert.py"), inputsDir, String(count)]);
    const input = join(inputsDir, "convert-f8.npy");
    const output = join(inputsDir, "out-convert-npyio.npz");
    if (!existsSync(TIME)) {
      const why = `${TIME} (GNU time) is missing: apt-get install -y time`;
      return {
        tasks: Object.values(names15)
          .slice(0, 3)
          .map((name) => ({ name, missing: why })),
      };
    }
    const bin = buildCli();
    // the user's environment, without what the bench's own processes were started with
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const k of Object.keys(env))
      if (/^(NODE_OPTIONS|TSX_|GLIBC_TUNABLES|UV_THREADPOOL)/.test(k)) delete env[k];
    const found: Record<string, Measurement> = {};
    const task = (name: string, extra: Record<string, string>): BenchTask => {
      let peak = 0;
      return {
        name,
        bytes: statSync(input).size,
        fn: async () => {
          const r = await runCommand(bin, ["convert", input, output, "--compress"], { ...env, ...extra });
          // a failed run's peak is no measurement of the conversion
          if (r.code === 0) {
            peak = Math.max(peak, r.maxRssBytes);
            found[rssKey(name)] = { kind: "value", value: peak, unit: "bytes" };
          }
          return r;
        },
        cpuOf: (r) => (r as CommandRun).cpuMs,
        check(result) {
          const r = result as CommandRun;
          if (r.code !== 0) return `exit ${r.code}: ${r.stderr.slice(0, 300)}`;
          found[sizeKey(name)] = { kind: "value", value: statSync(output).size, unit: "bytes" };
          // once per task, untimed: numpy reads the archive, and its member equals the input
          const same = execFileSync(
            "python3",
            [
              "-c",
              "import sys, numpy as np\nwith np.load(sys.argv[2]) as z: print(z.files == ['convert-f8'] and bool(np.array_equal(z['convert-f8'], np.load(sys.argv[1]))))",
              input,
              output,
            ],
            { encoding: "utf8" },
          ).trim();
          return same === "True" ? undefined : `numpy read back ${same}, not the input`;
        },
      };
    };
    return {
      tasks: [
        task(names15.cli, {}),
        task(names15.huge, HUGE_PAGE_ENV),
        task(names15.oneThread, { UV_THREADPOOL_SIZE: "1" }),
      ],
      probes: async () => found,
      teardown: () => rmSync(output, { force: true }),
    };
  },
  evaluate(m: Measurements): Verdict[] {
    const time = timeRatioVerdict(
      m,
      "npyio convert --compress ÷ numpy savez_compressed (wall)",
      "≤ 0.80×",
      names15.cli,
      names15.numpy,
      { max: 0.8 },
      () =>
        "the command deflates 1 MiB blocks of the member on the thread pool, so its wall time needs a second free core",
    );
    // the target is the wall time a user waits: blocks in parallel spend about numpy's CPU time,
    // on two cores instead of one, so the CPU ratio is reported, not judged
    if (time.cpu) time.cpu.status = "report";
    const rss = m[rssKey(names15.cli)];
    const verdicts: Verdict[] = [
      time,
      rss?.kind === "value"
        ? {
            what: "npyio convert --compress: peak RSS of the whole process (GNU time)",
            target: "< 256 MiB",
            value: fmtBytes(rss.value),
            status: rss.value < 256 * MiB ? "PASS" : "MISS",
          }
        : {
            what: "npyio convert --compress: peak RSS of the whole process (GNU time)",
            target: "< 256 MiB",
            value: "—",
            status: "not measured",
            detail: "the command did not run",
          },
      timeRatioVerdict(
        m,
        "convert with glibc.malloc.hugetlb=1 ÷ without",
        "report",
        names15.huge,
        names15.cli,
        {},
      ),
      timeRatioVerdict(
        m,
        "convert on one zlib thread ÷ on the thread pool",
        "report",
        names15.oneThread,
        names15.cli,
        {},
      ),
    ];
    const ours = m[sizeKey(names15.cli)];
    const theirs = m[`${names15.numpy}: output size`];
    if (ours?.kind === "value" && theirs?.kind === "value") {
      verdicts.push({
        what: "output size: npyio convert ÷ numpy savez_compressed",
        target: "report",
        value: `${(ours.value / theirs.value).toFixed(4)}×`,
        status: "report",
        detail: `${fmtBytes(ours.value)} vs ${fmtBytes(theirs.value)}`,
      });
    }
    return verdicts;
  },
};
