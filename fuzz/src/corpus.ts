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
  /** Object arrays numpy pickled and hostile pickles (fixtures "pickle", .npy only). */
  pickle: SeedFile[];
}

/**
 * Reads the corpus. Files over `maxSeedBytes` are left out (default 80 KiB: all but the 96 kB header
 * of v2-many-fields, refused by maxHeaderSize anyway); the unit-test sample uses a smaller bound to
 * stay fast, the campaign the default.
 */
export function loadCorpus(options: { maxSeedBytes?: number } = {}): Corpus {
  const max = options.maxSeedBytes ?? 80 * 1024;
  const load = (names: string[]) =>
    names.map((name) => ({ name, bytes: readFixture(name) })).filter((f) => f.bytes.length <= max);
  return {
    npy: load(Object.keys(expected.npy).filter((n) => !n.endsWith("/object.npy"))),
    npz: load(Object.keys(expected.npz)),
    hostile: load(Object.keys(expected.hostile)),
    pickle: load(Object.keys(expected.pickle).filter((n) => n.endsWith(".npy"))),
  };
}
