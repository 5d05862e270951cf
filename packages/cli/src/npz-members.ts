import { isNpyError, type NpzReader } from "npyio";

/**
 * The members a command works on: those asked for, or else every `.npy` member (numpy hands other
 * members back as bytes, so they are skipped rather than failed on).
 */
export async function npyMembers(
  npz: NpzReader,
  requested: readonly string[] | undefined,
): Promise<string[]> {
  if (requested !== undefined) return [...requested];
  const names: string[] = [];
  for (const name of npz.names()) {
    try {
      await npz.header(name);
      names.push(name);
    } catch (err) {
      if (!isNpyError(err, "BAD_MAGIC")) throw err;
    }
  }
  return names;
}
