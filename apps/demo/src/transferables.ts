/**
 * The ArrayBuffers under decoded data (typed arrays, arrays of them, record columns), each once: a
 * zero-copy view and its siblings share one buffer, and transferring it twice would throw.
 */
export function transferables(values: unknown[]): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const visit = (value: unknown, depth: number): void => {
    if (ArrayBuffer.isView(value)) {
      if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
    } else if (Array.isArray(value)) {
      // string[] holds no buffers; Uint8Array[] (void items) does
      if (value.length > 0 && ArrayBuffer.isView(value[0])) for (const v of value) visit(v, depth + 1);
    } else if (value !== null && typeof value === "object" && depth < 8) {
      for (const v of Object.values(value)) visit(v, depth + 1);
    }
  };
  for (const v of values) visit(v, 0);
  return [...found];
}
