// Writes the byte-swap kernel of @npyio/dtype (src/byte-swap.ts) as base64: a WebAssembly module of
// one function, s(mask, start, end), that reverses the bytes of every unit in memory[start, end) with
// i8x16.swizzle, 64 bytes per turn, using the 16-byte lane order stored at memory[mask]. Its one
// exported memory "m" (2 pages) holds the mask and a 64 KiB tile. Hand-assembled: no toolchain.
// Run: node scripts/gen-swap-wasm.mjs   (prints the base64 to paste into SWAP_WASM)

const u32 = (n) => {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const section = (id, body) => [id, ...u32(body.length), ...body];
const vec = (items) => [...u32(items.length), ...items.flat()];
const name = (s) => [...u32(s.length), ...[...s].map((c) => c.charCodeAt(0))];

const I32 = 0x7f;
const V128 = 0x7b;
const SIMD = 0xfd;
const get = (i) => [0x20, i];
const set = (i) => [0x21, i];
const load = (offset) => [SIMD, 0x00, 0x00, ...u32(offset)]; // v128.load align=1
const store = (offset) => [SIMD, 0x0b, 0x00, ...u32(offset)]; // v128.store align=1
const swizzle = [SIMD, 0x0e];
// params: 0 mask, 1 i (start), 2 end; local 3: the mask vector
const unit = (offset) => [...get(1), ...get(1), ...load(offset), ...get(3), ...swizzle, ...store(offset)];
const body = [
  ...vec([[1, V128]]),
  ...get(0),
  ...load(0),
  ...set(3),
  0x02,
  0x40, // block
  0x03,
  0x40, //   loop
  ...get(1),
  ...get(2),
  0x4f,
  0x0d,
  1, // br_if 1 when i >= end (i32.ge_u)
  ...unit(0),
  ...unit(16),
  ...unit(32),
  ...unit(48),
  ...get(1),
  0x41,
  ...[0xc0, 0x00],
  0x6a,
  ...set(1), // i += 64
  0x0c,
  0, // br 0
  0x0b, // end loop
  0x0b, // end block
  0x0b, // end function
];

const module = [
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32]]), 0]])), // type (i32 i32 i32) -> ()
  ...section(3, vec([[0]])), // function 0 has type 0
  ...section(5, vec([[0x00, 2]])), // memory: min 2 pages
  ...section(
    7,
    vec([
      [...name("m"), 0x02, 0],
      [...name("s"), 0x00, 0],
    ]),
  ), // exports
  ...section(10, vec([[...u32(body.length), ...body]])), // code
];

export const swapWasm = Uint8Array.from(module);

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(Buffer.from(swapWasm).toString("base64"));
}
