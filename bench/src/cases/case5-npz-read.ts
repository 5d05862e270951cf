import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inflateRaw, inflateRawSync } from "node:zlib";
import { parseNpz as numpyTsParseNpz } from "numpy-ts";
import { type BenchCase, timeRatioVerdict, type Verdict } from "../bench-case.js";
import { dataOf, describe } from "../checks.js";
import { zipMembers } from "../zip-members.js";

type LoadNpz = (source: Uint8Array) => Promise<Map<string, unknown>>;
type ReadFile = (path: string) => Promise<unknown>;
type LoadNpzFile = (path: string) => Promise<Map<string, unknown>>;

export const names5 = {
  inflate: "readFileSync + node:zlib inflateRawSync per member (native limit)",
  loadNpz: "npyio loadNpz(readFileSync) (the main entry as Node resolves it)",
  readFile: "npyio/node readFile (.npz)",
  loadNpzFile: "@npyio/npz/node loadNpzFile (node:zlib, parallel)",
  numpyTs: "numpy-ts readFileSync + parseNpz (peer)",
  touch: "two new 48 MB buffers, every page written once (fresh memory for the output)",
  floor:
    "floor: members inflated in parallel (node:zlib, thread pool) into fresh buffers of their size, compressed bytes already in memory",
  numpy: "numpy np.load (all members)",
};

/** Expects a Map (or object) of the two members, each with `count` elements. */
function expectMembers(count: number) {
  return (result: unknown): string | undefined => {
    const entries =
      result instanceof Map
        ? [...result.values()]
        : typeof result === "object" && result !== null && "arrays" in result
          ? [...(result as { arrays: Map<string, unknown> }).arrays.values()]
          : undefined;
    if (!entries) return `expected a Map of members, got ${describe(result)}`;
    if (entries.length !== 2) return `expected 2 members, got ${entries.length}`;
    for (const e of entries) {
      const d = dataOf(e);
      if (!d || d.length !== count) return `a member has ${d?.length ?? "no"} elements, expected ${count}`;
    }
    return undefined;
  };
}

/** Case 5: reading a 96 MB (uncompressed) two-member deflated npz, against numpy and numpy-ts. */
export const case5: BenchCase = {
  id: 5,
  title: "96 MB two-member deflated npz read",
  numpy: true,
  memoryTasks: [names5.loadNpz, names5.loadNpzFile, names5.numpyTs],
  // how a user gets numpy's memory speed in Node (docs/PERFORMANCE.md), and the floor with it
  hugePageTasks: [names5.touch, names5.floor, names5.loadNpz, names5.loadNpzFile, names5.readFile],
  async run({ inputsDir, manifest, api }) {
    const path = join(inputsDir, "two.npz");
    const count = manifest.params.npz_member_count;
    const check = expectMembers(count);
    const bytes = 2 * count * 4;
    const loadNpz = api.get<LoadNpz>("loadNpz", ["npyio"]);
    const readFile = api.get<ReadFile>("readFile", ["npyio/node"]);
    const loadNpzFile = api.get<LoadNpzFile>("loadNpzFile", ["npyio/node", "@npyio/npz/node"]);
    // the floor's input, read once outside the timing: no reader can do with less than inflating
    // both members into fresh memory, the read of the file aside
    const file = readFileSync(path);
    const members = zipMembers(file);
    const memberSize = members[0]?.size ?? 0;
    const inflateParallel = () =>
      Promise.all(
        members.map(
          (m) =>
            new Promise<Buffer>((resolve, reject) =>
              inflateRaw(
                file.subarray(m.dataOffset, m.dataOffset + m.compressedSize),
                { chunkSize: m.size + 1 },
                (err, out) => (err ? reject(err) : resolve(out)),
              ),
            ),
        ),
      );
    return {
      tasks: [
        {
          name: names5.touch,
          fn: () => [new Uint8Array(memberSize).fill(1), new Uint8Array(memberSize).fill(1)],
          bytes,
        },
        { name: names5.floor, fn: inflateParallel, bytes },
        {
          name: names5.inflate,
          fn: () => {
            const file = readFileSync(path);
            return zipMembers(file).map((m) =>
              inflateRawSync(file.subarray(m.dataOffset, m.dataOffset + m.compressedSize)),
            );
          },
          bytes,
        },
        loadNpz
          ? { name: names5.loadNpz, fn: () => loadNpz(readFileSync(path)), check, bytes }
          : { name: names5.loadNpz, missing: api.missing("loadNpz", ["npyio"]) },
        readFile
          ? { name: names5.readFile, fn: () => readFile(path), check, bytes }
          : { name: names5.readFile, missing: api.missing("readFile", ["npyio/node"]) },
        loadNpzFile
          ? { name: names5.loadNpzFile, fn: () => loadNpzFile(path), check, bytes }
          : {
              name: names5.loadNpzFile,
              missing: api.missing("loadNpzFile", ["npyio/node", "@npyio/npz/node"]),
            },
        { name: names5.numpyTs, fn: () => numpyTsParseNpz(readFileSync(path)), check, bytes },
      ],
    };
  },
  evaluate(m): Verdict[] {
    const why = () =>
      "inflating into fresh 4 KiB pages costs more than numpy's zlib into huge pages (case 2), or extra copies of each member";
    return [
      // issue 17: Node users get native zlib through the `node` export condition, members in parallel
      timeRatioVerdict(
        m,
        "loadNpz (main entry, Node) ÷ numpy np.load",
        "≤ 0.80×",
        names5.loadNpz,
        names5.numpy,
        { max: 0.8 },
        why,
      ),
      timeRatioVerdict(
        m,
        "readFile ÷ numpy np.load",
        "≤ 1.00×",
        names5.readFile,
        names5.numpy,
        { max: 1 },
        why,
      ),
      timeRatioVerdict(
        m,
        "@npyio/npz/node loadNpzFile ÷ numpy np.load",
        "≤ 1.00×",
        names5.loadNpzFile,
        names5.numpy,
        { max: 1 },
        why,
      ),
      timeRatioVerdict(m, "loadNpz ÷ numpy-ts parseNpz", "report", names5.loadNpz, names5.numpyTs, {}),
    ];
  },
};
