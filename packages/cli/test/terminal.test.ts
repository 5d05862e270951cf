/**
 * The `npyio` command in a real terminal: each run happens in a tmux window (a pseudo-terminal, so
 * stderr is a TTY and the progress bar is on), and the test reads the rendered screen back with
 * capture-pane. `NPYIO_PROGRESS=always` draws the bar from the first moment instead of after half
 * a second, so the outcome does not depend on how fast the machine reads 64 MiB.
 */
import { once } from "node:events";
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { save } from "npyio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { npyio, npyioEnv, shellCommand } from "./helpers/run-npyio.js";
import { TmuxTerminal, tmuxMissing } from "./helpers/tmux-terminal.js";

const missing = tmuxMissing();
if (missing) console.warn(`skipping the terminal tests: ${missing}`);

const dir = mkdtempSync(join(tmpdir(), "npyio-tty-"));
const big = join(dir, "big.npy");
const copy = join(dir, "copy.npy");
const env = { ...npyioEnv, NPYIO_PROGRESS: "always" };
let term: TmuxTerminal;

// what the bar looks like in the raw stream: `stats /…/big.npy  [###---]  37%  …`
const BAR = /(info|head|stats|convert|verify) \S+big\.npy {2}(\[[#-]{20}\] {2}\d+%|\d[\d.]* k?B read)/;
// any piece of a bar a person could still see on the screen
const REMNANT = /\[[#-]{5,}|\d+%|\bMB\/s\b|\bETA\b| B read\b/;

beforeAll(() => {
  // 64 MiB of float64 (plus the header): far over what any command reads without a bar
  const data = new Float64Array(8 * 1024 * 1024);
  for (let i = 0; i < data.length; i++) data[i] = (i % 1000) / 8;
  writeFileSync(big, save({ data, shape: [data.length / 4, 4] }));
  if (!missing) term = new TmuxTerminal(dir, env);
});
afterAll(() => {
  term?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(missing !== undefined)("the progress bar in a terminal", () => {
  const cases: [string, string[]][] = [
    ["info", ["info", big]],
    ["head", ["head", big, "-n", "5"]],
    ["stats", ["stats", big]],
    ["convert", ["convert", big, copy]],
    ["verify", ["verify", big]],
  ];

  it.each(cases)("%s: the screen shows every output line and no trace of the bar", async (_, args) => {
    // the same command with stderr not a terminal: no bar, the plain output
    const plain = npyio(args);
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stderr).toBe("");
    const screen = await term.finish(term.start(shellCommand(args)));
    expect(screen.status).toBe(0);
    // the bar was drawn on this terminal…
    expect(screen.raw).toMatch(BAR);
    // …and what is left on screen is exactly the output, line for line
    expect(screen.lines).toEqual(plain.stdout.trimEnd() === "" ? [] : plain.stdout.trimEnd().split("\n"));
    for (const line of screen.lines) expect(line).not.toMatch(REMNANT);
  });

  it("convert wrote the whole file while the bar was up", () => {
    expect(statSync(copy).size).toBe(statSync(big).size);
    const a = Buffer.alloc(4096);
    const b = Buffer.alloc(4096);
    const fa = openSync(big, "r");
    const fb = openSync(copy, "r");
    readSync(fa, a, 0, 4096, statSync(big).size - 4096);
    readSync(fb, b, 0, 4096, statSync(big).size - 4096);
    closeSync(fa);
    closeSync(fb);
    expect(b.equals(a)).toBe(true);
  });

  it("an error erases the bar and leaves its one line", async () => {
    const cut = join(dir, "cut.npy");
    const fd = openSync(big, "r");
    const part = Buffer.alloc(1 << 20);
    readSync(fd, part, 0, part.length, 0);
    closeSync(fd);
    writeFileSync(cut, part);
    const screen = await term.finish(term.start(shellCommand(["stats", cut])));
    expect(screen.status).toBe(1);
    expect(screen.raw).toMatch(/stats \S+cut\.npy {2}\[/);
    // the one error line, wrapped by the terminal where it is wider than the screen, and nothing else
    expect(screen.lines.join("")).toMatch(
      /^npyio: TRUNCATED: \S+cut\.npy: expected \d+ bytes .*; the file is incomplete$/,
    );
    for (const line of screen.lines) expect(line).not.toMatch(REMNANT);
  });

  describe("Ctrl-C", () => {
    let server: Server;
    let url = "";
    beforeAll(async () => {
      // a server that answers the header's request and then stalls, as a slow network does
      const { readFileSync } = await import("node:fs");
      const bytes = readFileSync(big);
      server = createServer((req, res) => {
        const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
        const start = range ? Number(range[1]) : 0;
        const end = range?.[2] ? Math.min(Number(range[2]), bytes.length - 1) : bytes.length - 1;
        res.writeHead(range ? 206 : 200, {
          "content-length": String(end - start + 1),
          "accept-ranges": "bytes",
          ...(range ? { "content-range": `bytes ${start}-${end}/${bytes.length}` } : {}),
        });
        if (start < 4096 && end < 4096) res.end(bytes.subarray(start, end + 1));
        else res.write(bytes.subarray(start, start + 1024)); // …and nothing more
      });
      server.listen(0, "127.0.0.1");
      await once(server, "listening");
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/big.npy`;
    });
    afterAll(() => {
      server.closeAllConnections();
      server.close();
    });

    it("erases the bar and exits 130", async () => {
      const window = term.start(shellCommand(["stats", url]));
      await term.waitForOutput(window.log, /stats http\S+ {2}\[/);
      term.tmux("send-keys", "-t", window.name, "C-c");
      const screen = await term.finish(window);
      expect(screen.status).toBe(130);
      // `^C` is the terminal's echo of the key; nothing of the bar is left
      expect(screen.lines.filter((l) => l !== "^C")).toEqual([]);
    });
  });
});
