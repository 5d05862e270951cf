/**
 * Zip-structure mutations for .npz inputs: a tolerant walk of a real archive lists every field of the
 * end record, the central directory and the local headers (counts, offsets, sizes, methods, flags,
 * name and extra lengths) so one can be set to a hostile value; and a small zip writer builds
 * archives from scratch with lies a mutation rarely finds: zip64 records, data descriptors, members
 * whose declared size is far from what they inflate to (bombs), shared or overlapping members.
 */
import { deflateRawSync } from "node:zlib";
import { concat } from "./byte-mutator.js";
import type { Rng } from "./rng.js";

interface Field {
  at: number;
  width: 2 | 4;
  what: string;
}

const u16 = (b: Uint8Array, o: number) => (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, o: number) => (u16(b, o) | (u16(b, o + 2) << 16)) >>> 0;

function put(b: Uint8Array, at: number, width: number, value: number): void {
  for (let i = 0; i < width && at + i < b.length; i++) b[at + i] = Math.floor(value / 2 ** (8 * i)) & 0xff;
}

/** Every header field of an archive that a tolerant walk can find. */
export function zipFields(b: Uint8Array): Field[] {
  const fields: Field[] = [];
  let end = -1;
  for (let i = b.length - 22; i >= 0 && i >= b.length - 22 - 0xffff; i--) {
    if (u32(b, i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return fields;
  const add = (at: number, width: 2 | 4, what: string) => fields.push({ at, width, what });
  add(end + 4, 2, "disk");
  add(end + 6, 2, "cd disk");
  add(end + 8, 2, "entries on disk");
  add(end + 10, 2, "entries");
  add(end + 12, 4, "cd size");
  add(end + 16, 4, "cd offset");
  add(end + 20, 2, "comment length");
  let at = u32(b, end + 16);
  for (let n = 0; n < 1000 && at + 46 <= b.length && u32(b, at) === 0x02014b50; n++) {
    for (const [o, w, what] of CENTRAL) add(at + o, w, `central ${what}`);
    const local = u32(b, at + 42);
    if (local + 30 <= b.length && u32(b, local) === 0x04034b50) {
      for (const [o, w, what] of LOCAL) add(local + o, w, `local ${what}`);
    }
    at += 46 + u16(b, at + 28) + u16(b, at + 30) + u16(b, at + 32);
  }
  return fields;
}

const CENTRAL: [number, 2 | 4, string][] = [
  [6, 2, "version needed"],
  [8, 2, "flags"],
  [10, 2, "method"],
  [16, 4, "crc"],
  [20, 4, "compressed size"],
  [24, 4, "size"],
  [28, 2, "name length"],
  [30, 2, "extra length"],
  [32, 2, "comment length"],
  [34, 2, "disk"],
  [42, 4, "local offset"],
];
const LOCAL: [number, 2 | 4, string][] = [
  [6, 2, "flags"],
  [8, 2, "method"],
  [14, 4, "crc"],
  [18, 4, "compressed size"],
  [22, 4, "size"],
  [26, 2, "name length"],
  [28, 2, "extra length"],
];

/** Sets one to three header fields of an archive to hostile values. */
export function mutateZipFields(rng: Rng, input: Uint8Array): Uint8Array {
  const fields = zipFields(input);
  if (fields.length === 0) return input;
  const out = input.slice();
  for (let k = rng.range(1, 3); k > 0; k--) {
    const f = rng.pick(fields);
    const old = f.width === 2 ? u16(out, f.at) : u32(out, f.at);
    const max = f.width === 2 ? 0xffff : 0xffffffff;
    let value: number;
    if (f.what.endsWith("method")) value = rng.pick([0, 1, 8, 9, 12, 14, 93, 99, 0xffff]);
    else if (f.what.endsWith("flags")) value = old ^ rng.pick([0x1, 0x8, 0x40, 0x800, 0x2000]);
    else {
      value = rng.pick([
        0,
        1,
        max,
        max - 1,
        old + 1,
        old - 1,
        old * 2,
        old >>> 1,
        input.length,
        0x7fffffff,
        rng.u32(),
      ]);
    }
    put(out, f.at, f.width, Math.max(0, Math.min(max, value)));
  }
  return out;
}

/** Structural changes: garbage before the archive, a fake end record in the comment, dropped tail. */
export function mutateZipLayout(rng: Rng, input: Uint8Array): Uint8Array {
  switch (rng.int(4)) {
    case 0: // a self-extractor style prefix shifts every offset
      return concat(rng.bytes(rng.range(1, 64)), input);
    case 1: {
      // a second end record after the real one, inside a comment
      const fake = input.slice(Math.max(0, input.length - 22));
      put(fake, 16, 4, rng.u32());
      return concat(input, fake);
    }
    case 2: // cut inside the central directory or end record
      return input.slice(0, Math.max(0, input.length - rng.range(1, 120)));
    default: {
      // duplicate the central directory: two entries for every member
      const fields = zipFields(input);
      const size = fields.find((f) => f.what === "cd size");
      const off = fields.find((f) => f.what === "cd offset");
      const count = fields.find((f) => f.what === "entries");
      if (!size || !off || !count) return input;
      const cd = input.slice(u32(input, off.at), u32(input, off.at) + u32(input, size.at));
      const end = input.slice(u32(input, off.at) + u32(input, size.at));
      put(end, 10, 2, u16(input, count.at) * 2);
      put(end, 8, 2, u16(input, count.at) * 2);
      put(end, 12, 4, cd.length * 2);
      return concat(input.subarray(0, u32(input, off.at)), cd, cd, end);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// a small zip writer with deliberate lies

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// corpus files and the bomb are the same objects every time: deflate each once
const deflateCache = new WeakMap<Uint8Array, Uint8Array>();
function deflated(data: Uint8Array): Uint8Array {
  let out = deflateCache.get(data);
  if (!out) {
    out = new Uint8Array(deflateRawSync(data));
    deflateCache.set(data, out);
  }
  return out;
}

const crcCache = new WeakMap<Uint8Array, number>();
function cachedCrc(data: Uint8Array): number {
  let crc = crcCache.get(data);
  if (crc === undefined) {
    crc = crc32(data);
    crcCache.set(data, crc);
  }
  return crc;
}

export interface MemberSpec {
  name: string;
  data: Uint8Array;
  deflate: boolean;
  /** Uncompressed size to declare instead of the real one. */
  declaredSize?: number;
  /** Write sizes and CRC in a data descriptor (flag bit 3), zeros in the local header. */
  descriptor?: boolean;
  /** Declare a wrong CRC. */
  badCrc?: boolean;
}

/** An archive of `members`, optionally with zip64 records and extra fields. */
export function buildZip(members: MemberSpec[], options: { zip64?: boolean } = {}): Uint8Array {
  const enc = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const m of members) {
    const name = enc.encode(m.name);
    const body = m.deflate ? deflated(m.data) : m.data;
    const crc = m.badCrc ? cachedCrc(m.data) ^ 0x5a5a : cachedCrc(m.data);
    const size = m.declaredSize ?? m.data.length;
    const z64 = options.zip64 === true;
    const extra = z64 ? new Uint8Array(4 + 24) : new Uint8Array(0);
    if (z64) {
      put(extra, 0, 2, 1);
      put(extra, 2, 2, 24);
      put(extra, 4, 8, size);
      put(extra, 12, 8, body.length);
      put(extra, 20, 8, offset);
    }
    const local = new Uint8Array(30 + name.length + (z64 ? 20 : 0));
    put(local, 0, 4, 0x04034b50);
    put(local, 4, 2, z64 ? 45 : 20);
    put(local, 6, 2, m.descriptor ? 8 : 0);
    put(local, 8, 2, m.deflate ? 8 : 0);
    put(local, 14, 4, m.descriptor ? 0 : crc);
    put(local, 18, 4, m.descriptor ? 0 : z64 ? 0xffffffff : body.length);
    put(local, 22, 4, m.descriptor ? 0 : z64 ? 0xffffffff : size);
    put(local, 26, 2, name.length);
    put(local, 28, 2, z64 ? 20 : 0);
    local.set(name, 30);
    if (z64) {
      put(local, 30 + name.length, 2, 1);
      put(local, 32 + name.length, 2, 16);
      put(local, 34 + name.length, 8, size);
      put(local, 42 + name.length, 8, body.length);
    }
    const descriptor = new Uint8Array(m.descriptor ? 16 : 0);
    if (m.descriptor) {
      put(descriptor, 0, 4, 0x08074b50);
      put(descriptor, 4, 4, crc);
      put(descriptor, 8, 4, body.length);
      put(descriptor, 12, 4, size);
    }
    const central = new Uint8Array(46 + name.length + extra.length);
    put(central, 0, 4, 0x02014b50);
    put(central, 4, 2, 20);
    put(central, 6, 2, z64 ? 45 : 20);
    put(central, 8, 2, m.descriptor ? 8 : 0);
    put(central, 10, 2, m.deflate ? 8 : 0);
    put(central, 16, 4, crc);
    put(central, 20, 4, z64 ? 0xffffffff : body.length);
    put(central, 24, 4, z64 ? 0xffffffff : size);
    put(central, 28, 2, name.length);
    put(central, 30, 2, extra.length);
    put(central, 42, 4, z64 ? 0xffffffff : offset);
    central.set(name, 46);
    central.set(extra, 46 + name.length);
    locals.push(local, body, descriptor);
    centrals.push(central);
    offset += local.length + body.length + descriptor.length;
  }
  const cd = concat(...centrals);
  const tail: Uint8Array[] = [];
  if (options.zip64) {
    const rec = new Uint8Array(56);
    put(rec, 0, 4, 0x06064b50);
    put(rec, 4, 8, 44);
    put(rec, 12, 2, 45);
    put(rec, 14, 2, 45);
    put(rec, 24, 8, members.length);
    put(rec, 32, 8, members.length);
    put(rec, 40, 8, cd.length);
    put(rec, 48, 8, offset);
    const loc = new Uint8Array(20);
    put(loc, 0, 4, 0x07064b50);
    put(loc, 8, 8, offset + cd.length);
    put(loc, 16, 4, 1);
    tail.push(rec, loc);
  }
  const end = new Uint8Array(22);
  put(end, 0, 4, 0x06054b50);
  put(end, 8, 2, options.zip64 ? 0xffff : members.length);
  put(end, 10, 2, options.zip64 ? 0xffff : members.length);
  put(end, 12, 4, options.zip64 ? 0xffffffff : cd.length);
  put(end, 16, 4, options.zip64 ? 0xffffffff : offset);
  return concat(...locals, cd, ...tail, end);
}

const BOMB_BYTES = 4 << 20;
let bomb: Uint8Array | undefined;

/** An archive built from scratch out of corpus .npy files, with lies picked by `rng`. */
export function synthZip(rng: Rng, npyFiles: readonly Uint8Array[], bombs = true): Uint8Array {
  const members: MemberSpec[] = [];
  const n = rng.small(5) + (rng.chance(0.9) ? 1 : 0);
  for (let i = 0; i < n; i++) {
    bomb ??= new Uint8Array(BOMB_BYTES);
    const data = rng.chance(0.05) && bombs ? bomb : rng.pick(npyFiles);
    const m: MemberSpec = {
      name: rng.weighted([
        [10, `m${i}.npy`],
        [1, "a.npy"],
        [1, `m${i}`],
        [1, "dir/../x.npy"],
        [1, "nul\u0000.npy"],
        [1, ""],
      ]),
      data,
      deflate: rng.chance(0.5) || data.length === BOMB_BYTES,
    };
    if (rng.chance(0.15))
      m.declaredSize = rng.pick([0, 1, data.length - 1, data.length + 1, 0xfffffffe, rng.u32()]);
    if (rng.chance(0.15)) m.descriptor = true;
    if (rng.chance(0.05)) m.badCrc = true;
    members.push(m);
  }
  return buildZip(members, { zip64: rng.chance(0.15) });
}
