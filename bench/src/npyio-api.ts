/**
 * The library is loaded by name at run time and every export a case needs is looked up, so the
 * harness runs against whatever part of npyio exists: a case whose API is not there yet reports
 * "not measured: <API> missing" instead of failing the run. tsx maps the names to
 * packages/*\/src through the `paths` of tsconfig.base.json, so no build is needed.
 */

/** The entry points, in the order an export is looked for (the umbrella first). */
export const entryPoints = [
  "npyio",
  "npyio/node",
  "@npyio/stream",
  "@npyio/stream/node",
  "@npyio/npz",
  "@npyio/npz/node",
  "@npyio/npz/stream",
  "@npyio/npz/fflate",
  "@npyio/dtype",
  "@npyio/dtype/convert",
  "@npyio/header",
] as const;
export type EntryPoint = (typeof entryPoints)[number];

export interface NpyioApi {
  /** The export `name` of the first entry point in `from` that has it, or undefined. */
  get<T>(name: string, from: readonly EntryPoint[]): T | undefined;
  /** "not measured" text for an export that is missing: names where it was looked for and why. */
  missing(name: string, from: readonly EntryPoint[]): string;
}

const loaded = new Map<EntryPoint, Record<string, unknown>>();
const importErrors = new Map<EntryPoint, string>();

async function importEntry(entry: EntryPoint): Promise<void> {
  try {
    // a variable specifier: the entry may not exist yet, which is an answer here, not a type error
    const specifier: string = entry;
    loaded.set(entry, (await import(specifier)) as Record<string, unknown>);
  } catch (err) {
    const message = err instanceof Error ? err.message.split("\n")[0] : String(err);
    importErrors.set(entry, message ?? "import failed");
  }
}

let ready: Promise<void> | undefined;

export async function loadNpyio(): Promise<NpyioApi> {
  ready ??= Promise.all(entryPoints.map(importEntry)).then(() => undefined);
  await ready;
  return {
    get<T>(name: string, from: readonly EntryPoint[]): T | undefined {
      for (const entry of from) {
        const value = loaded.get(entry)?.[name];
        if (value !== undefined) return value as T;
      }
      return undefined;
    },
    missing(name: string, from: readonly EntryPoint[]): string {
      const where = from
        .map((e) => (importErrors.has(e) ? `${e} (does not load: ${importErrors.get(e)})` : e))
        .join(", ");
      return `\`${name}\` missing (looked in ${where})`;
    },
  };
}
