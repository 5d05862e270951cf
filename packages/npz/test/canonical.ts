/** Decoded data in the canonical form of fixtures/expected.json, for the dtypes the npz fixtures use. */
import type { DType, NpyData, NpyRecord } from "@npyio/dtype";
import type { CanonicalValue } from "../../../fixtures/index.js";

function floatBits(data: Float32Array | Float64Array): string[] {
  const width = data.BYTES_PER_ELEMENT;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return Array.from({ length: data.length }, (_, i) =>
    width === 8
      ? `0x${view
          .getBigUint64(i * 8, true)
          .toString(16)
          .padStart(16, "0")}`
      : `0x${view
          .getUint32(i * 4, true)
          .toString(16)
          .padStart(8, "0")}`,
  );
}

export function canonical(dtype: DType, data: NpyData): CanonicalValue[] {
  switch (dtype.kind) {
    case "b":
      return Array.from(data as Uint8Array);
    case "i":
    case "u":
      return Array.from(data as ArrayLike<number | bigint>, (v) => String(v));
    case "f":
      return floatBits(data as Float32Array | Float64Array);
    case "S":
    case "U":
      return [...(data as string[])];
    case "struct": {
      const record = data as NpyRecord;
      const cols = dtype.fields.map((f) => ({ name: f.name, vals: canonical(f.dtype, record[f.name]!) }));
      return Array.from({ length: cols[0]?.vals.length ?? 0 }, (_, i) =>
        Object.fromEntries(cols.map((c) => [c.name, c.vals[i]!])),
      );
    }
    default:
      throw new Error(`canonical: dtype kind ${dtype.kind} is not used by the npz fixtures`);
  }
}
