import { concatData, type DType, elementCount, type NpyData, sliceData } from "@npyio/dtype";
import { NpyError } from "@npyio/header";
import { type DTypeLike, toDType } from "./chunk-encoder.js";
import { type NpyChunk, type NpyChunkHeader, shapeSize } from "./npy-chunk.js";

/**
 * Options of {@link mapRows}.
 *
 * @example
 * ```ts
 * // each (768,) <f4 row → its (1,) <f8 norm
 * mapRows((row) => new Float64Array([Math.hypot(...(row as Float32Array))]), { dtype: "<f8", rowShape: [1] });
 * ```
 */
export interface MapRowsOptions {
  /** The dtype of the rows `fn` returns. Default: the input's dtype. */
  dtype?: DTypeLike;
  /** The shape of one row `fn` returns (the output shape is `[rows, ...rowShape]`). Default: the input's. */
  rowShape?: number[];
}

/**
 * Called with each row's data (a view where possible) and its index along axis 0.
 *
 * @example
 * ```ts
 * const scale: RowMapper = (row, i) => (row as Float32Array).map((x) => x * (i + 1));
 * body.pipeThrough(new NpyDecoderStream()).pipeThrough(mapRows(scale)).pipeThrough(new NpyEncoderStream());
 * ```
 */
export type RowMapper = (row: NpyData, index: number) => NpyData;

/**
 * A `TransformStream` of `NpyChunk`s that replaces each row (a slice along axis 0) with `fn(row, i)`.
 * Rows split across chunks are joined first, so any chunking works. The output chunks carry the new
 * dtype and shape, so an `NpyEncoderStream` after it needs no options.
 *
 * @example
 * ```ts
 * // L2-normalise every row of a (n, 768) <f4 file while it streams
 * mapRows((row) => { const v = row as Float32Array; const n = Math.hypot(...v); return v.map((x) => x / n); })
 * ```
 */
export function mapRows(fn: RowMapper, options: MapRowsOptions = {}): TransformStream<NpyChunk, NpyChunk> {
  if (typeof fn !== "function") throw new NpyError("INVALID_ARGUMENT", "mapRows needs a function");
  const outDType = options.dtype === undefined ? undefined : toDType(options.dtype);
  let setup: { inType: DType; perRow: number; outPerRow: number; header: NpyChunkHeader } | undefined;
  let carry: NpyData | undefined; // the start of a row that continues in the next chunk
  let row = 0;

  const begin = (h: NpyChunkHeader) => {
    if (h.shape.length === 0 || (h.fortranOrder && h.shape.length > 1)) {
      throw new NpyError("INVALID_ARGUMENT", "mapRows needs rows: a C-order array of 1 or more dimensions");
    }
    const rowShape = options.rowShape ?? h.shape.slice(1);
    const dtype = outDType ?? h.dtype;
    const shape = [h.shape[0]!, ...rowShape];
    setup = {
      inType: h.dtype,
      perRow: shapeSize(h.shape.slice(1)),
      outPerRow: shapeSize(rowShape),
      header: { descr: dtype.descr, fortranOrder: false, shape, dtype },
    };
    return setup;
  };

  return new TransformStream<NpyChunk, NpyChunk>({
    transform(chunk, controller) {
      const s = setup ?? begin(chunk.header);
      const data = carry === undefined ? chunk.data : concatData(s.inType, [carry, chunk.data]);
      const available = elementCount(s.inType, data);
      const whole = s.perRow === 0 ? 0 : Math.floor(available / s.perRow);
      const outputs: NpyData[] = [];
      for (let r = 0; r < whole; r++) {
        const out = fn(sliceData(s.inType, data, r * s.perRow, (r + 1) * s.perRow), row + r);
        const n = elementCount(s.header.dtype, out);
        if (n !== s.outPerRow) {
          throw new NpyError(
            "SHAPE_MISMATCH",
            `mapRows: row ${row + r} came back with ${n} of ${s.outPerRow} elements`,
          );
        }
        outputs.push(out);
      }
      carry =
        whole * s.perRow < available ? sliceData(s.inType, data, whole * s.perRow, available) : undefined;
      if (whole === 0 && chunk.length > 0) return;
      controller.enqueue({
        header: s.header,
        data: concatData(s.header.dtype, outputs),
        offset: row * s.outPerRow,
        length: whole * s.outPerRow,
      });
      row += whole;
    },
    flush() {
      if (carry !== undefined) {
        throw new NpyError("TRUNCATED", `mapRows: the input ended inside row ${row}`);
      }
    },
  });
}
