/**
 * The seed corpus: every numpy-written fixture (valid .npy and .npz files) and every hostile file,
 * read once from fixtures/. Mutators start from these real files, so mutations stay close to what
 * the parsers accept and reach deep code.
 */
import { expected, readFixture } from "../../fixtures/index.js";

export interface SeedFile {
  name: string;
  bytes: Uint8Array;
}

export interface Corpus {
  /** Valid .npy files (npy/*.npy), without object arrays (their data is a pickle). */
  npy: SeedFile[];
  /** Valid .npz files (npz/*.npz). */
  npz: SeedFile[];
  /** The hand-made malformed files (hostile/*), each one step from a valid file. */
  hostile: SeedFile[];
}

/** Files bigger than this are left out of the mutation corpus (they only slow the harness down). */
const MAX_SEED_BYTES = 80 * 1024;

export function loadCorpus(): Corpus {
  const load = (names: string[]) =>
    names.map((name) => ({ name, bytes: readFixture(name) })).filter((f) => f.bytes.length <= MAX_SEED_BYTES);
  return {
    npy: load(Object.keys(expected.npy).filter((n) => !n.endsWith("/object.npy"))),
    npz: load(Object.keys(expected.npz)),
    hostile: load(Object.keys(expected.hostile)),
  };
}
