/**
 * Input `index` of a campaign with seed `seed`: a recipe picked by weight, applied to corpus files.
 * Deterministic: the same (seed, index) always gives the same bytes, so a crasher is reproducible
 * from its index alone.
 */
import { changeTail, flipBits, reshape, setBytes, splice, truncate } from "./byte-mutator.js";
import type { Corpus, SeedFile } from "./corpus.js";
import { grammarNpy, lyingHeader } from "./npy-mutator.js";
import { mutatePickle } from "./pickle-mutator.js";
import { Rng } from "./rng.js";
import { mutateZipFields, mutateZipLayout, synthZip } from "./zip-mutator.js";

export type InputKind = "npy" | "npz";

export interface FuzzInput {
  index: number;
  kind: InputKind;
  /** How the bytes were made, for triage: "flip(npy/i4-2d.npy)". */
  recipe: string;
  bytes: Uint8Array;
}

/** Options of {@link generateInput}. */
export interface GenerateOptions {
  /** Share of inputs that are archives. Default 0.25. */
  npzShare?: number;
  /** Let synthesized archives hold a 4 MiB zip-bomb member now and then. Default true. */
  bombs?: boolean;
}

type Recipe = (
  rng: Rng,
  corpus: Corpus,
  options: GenerateOptions,
) => { kind: InputKind; recipe: string; bytes: Uint8Array };

const seedOf = (rng: Rng, files: SeedFile[]) => rng.pick(files);

const npyRecipes: [number, Recipe][] = [
  [4, (rng, c) => ((f) => ({ kind: "npy", recipe: `valid(${f.name})`, bytes: f.bytes }))(seedOf(rng, c.npy))],
  [
    12,
    (rng, c) =>
      ((f) => ({ kind: "npy", recipe: `flip(${f.name})`, bytes: flipBits(rng, f.bytes) }))(
        seedOf(rng, c.npy),
      ),
  ],
  [
    8,
    (rng, c) =>
      ((f) => ({ kind: "npy", recipe: `set(${f.name})`, bytes: setBytes(rng, f.bytes) }))(seedOf(rng, c.npy)),
  ],
  [
    8,
    (rng, c) => {
      const f = seedOf(rng, c.npy);
      const at = rng.int(f.bytes.length + 1);
      return { kind: "npy", recipe: `truncate(${f.name}, ${at})`, bytes: truncate(f.bytes, at) };
    },
  ],
  [
    4,
    (rng, c) => {
      const a = seedOf(rng, c.npy);
      const b = seedOf(rng, rng.chance(0.8) ? c.npy : c.hostile);
      return { kind: "npy", recipe: `splice(${a.name}, ${b.name})`, bytes: splice(rng, a.bytes, b.bytes) };
    },
  ],
  [
    4,
    (rng, c) =>
      ((f) => ({ kind: "npy", recipe: `reshape(${f.name})`, bytes: reshape(rng, f.bytes) }))(
        seedOf(rng, c.npy),
      ),
  ],
  [
    3,
    (rng, c) =>
      ((f) => ({ kind: "npy", recipe: `tail(${f.name})`, bytes: changeTail(rng, f.bytes) }))(
        seedOf(rng, c.npy),
      ),
  ],
  [12, (rng) => ({ kind: "npy", recipe: "grammar", bytes: grammarNpy(rng) })],
  [
    10,
    (rng, c) =>
      ((f) => ({ kind: "npy", recipe: `lie(${f.name})`, bytes: lyingHeader(rng, f.bytes) }))(
        seedOf(rng, c.npy),
      ),
  ],
  [
    3,
    (rng, c) =>
      ((f) => ({ kind: "npy", recipe: `hostile-flip(${f.name})`, bytes: flipBits(rng, f.bytes) }))(
        seedOf(rng, c.hostile),
      ),
  ],
  [
    1,
    (rng, c) =>
      ((f) => ({ kind: "npy", recipe: `hostile(${f.name})`, bytes: f.bytes }))(seedOf(rng, c.hostile)),
  ],
  [
    4,
    (rng, c) =>
      ((f) => ({ kind: "npy", recipe: `pickle(${f.name})`, bytes: mutatePickle(rng, f.bytes) }))(
        seedOf(rng, c.pickle),
      ),
  ],
];

const npzRecipes: [number, Recipe][] = [
  [2, (rng, c) => ((f) => ({ kind: "npz", recipe: `valid(${f.name})`, bytes: f.bytes }))(seedOf(rng, c.npz))],
  [
    8,
    (rng, c) =>
      ((f) => ({ kind: "npz", recipe: `zipfield(${f.name})`, bytes: mutateZipFields(rng, f.bytes) }))(
        seedOf(rng, c.npz),
      ),
  ],
  [
    3,
    (rng, c) =>
      ((f) => ({ kind: "npz", recipe: `ziplayout(${f.name})`, bytes: mutateZipLayout(rng, f.bytes) }))(
        seedOf(rng, c.npz),
      ),
  ],
  [
    4,
    (rng, c) =>
      ((f) => ({ kind: "npz", recipe: `flip(${f.name})`, bytes: flipBits(rng, f.bytes, rng.range(1, 3)) }))(
        seedOf(rng, c.npz),
      ),
  ],
  [
    2,
    (rng, c) => {
      const f = seedOf(rng, c.npz);
      const at = rng.int(f.bytes.length + 1);
      return { kind: "npz", recipe: `truncate(${f.name}, ${at})`, bytes: truncate(f.bytes, at) };
    },
  ],
  [
    5,
    (rng, c, options) => {
      // mutate the members, not just the container: lying .npy files inside a valid archive
      const files = Array.from({ length: 3 }, () => {
        const f = seedOf(rng, c.npy).bytes;
        return rng.chance(0.5) ? f : rng.chance(0.5) ? lyingHeader(rng, f) : flipBits(rng, f);
      });
      return { kind: "npz", recipe: "synth", bytes: synthZip(rng, files, options.bombs ?? true) };
    },
  ],
];

/** Input `index` of the campaign `seed`. By default one input in four is an archive. */
export function generateInput(
  seed: number,
  index: number,
  corpus: Corpus,
  options: GenerateOptions = {},
): FuzzInput {
  const rng = new Rng(seed, index);
  const table = rng.chance(options.npzShare ?? 0.25) ? npzRecipes : npyRecipes;
  const made = rng.weighted(table)(rng, corpus, options);
  return { index, ...made };
}
