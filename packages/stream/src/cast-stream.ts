import type { DType } from "@npyio/dtype";
import { castData, isExactCast } from "@npyio/dtype/cast";
import { NpyError } from "@npyio/header";
import { type DTypeLike, toDType } from "./chunk-encoder.js";
import { type NpyChunk, shapeSize } from "./npy-chunk.js";

/**
 * Options of {@link castStream}.
 *
 * @example
 * ```ts
 * castStream("<i4"); // <i2 → <i4 keeps every value; <f8 → <i4 throws LOSSY_CAST
 * castStream("<i4", { unsafe: true }); // allows it: numpy's astype, bit for bit
 * ```
 */
export interface CastStreamOptions {
  /**
   * Allow casts that can change values (f8 → f4, float → int, wider → narrower, i8 → f8, complex →
   * real); they then give exactly the bytes numpy's `astype` gives on x86-64. Default `false`.
   */
  unsafe?: boolean;
}

/** Checks that a cast is between numeric dtypes (`UNSUPPORTED_DTYPE`) and, unless `unsafe`, exact. */
function checkCast(from: DType, to: DType, unsafe: boolean): void {
  if (isExactCast(from, to) || unsafe) return;
  throw new NpyError(
    "LOSSY_CAST",
    `casting ${JSON.stringify(from.descr)} to ${JSON.stringify(to.descr)} can change values; pass { unsafe: true } to allow it (numpy's astype)`,
  );
}

/**
 * A `TransformStream` of `NpyChunk`s that casts their data to another numeric dtype (b1, i1–i8,
 * u1–u8, f2, f4, f8, c8, c16, either byte order), checked: a cast that can change a value (f8 → f4,
 * float → int, i8 → f8, complex → real...) fails with `LOSSY_CAST` unless `{ unsafe: true }`, and
 * then gives the bytes numpy's `astype` gives on x86-64, NaN, ±inf and out-of-range values included
 * (see `castData` in `@npyio/dtype/cast`). Put it between an `NpyDecoderStream` and an
 * `NpyEncoderStream`.
 *
 * @example
 * ```ts
 * body.pipeThrough(new NpyDecoderStream()).pipeThrough(castStream("<f4", { unsafe: true })).pipeThrough(new NpyEncoderStream())
 * ```
 */
export function castStream(
  to: DTypeLike,
  options: CastStreamOptions = {},
): TransformStream<NpyChunk, NpyChunk> {
  const target = toDType(to);
  let checked: DType | undefined;
  return new TransformStream<NpyChunk, NpyChunk>({
    transform(chunk, controller) {
      const from = chunk.header.dtype;
      if (checked !== from) {
        checkCast(from, target, options.unsafe ?? false);
        checked = from;
      }
      // numpy's result for some values depends on where they sit in the whole array (castData)
      const position = { offset: chunk.offset, count: shapeSize(chunk.header.shape) };
      controller.enqueue({
        ...chunk,
        header: { ...chunk.header, descr: target.descr, dtype: target },
        data: castData(chunk.data, from, target, position),
      });
    },
  });
}
