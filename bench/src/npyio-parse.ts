import type { NpyioApi } from "./npyio-api.js";

export type Parse = (bytes: Uint8Array) => { dtype: unknown; shape: number[]; data: unknown };
export type Save = (array: unknown) => Uint8Array;

interface DTypeLike {
  descr: unknown;
  itemsize: number;
}

/**
 * The umbrella's `parse`/`save` when it exists; until then the same pipeline composed from the
 * packages it is made of (@npyio/header parseHeader/serializeHeader + @npyio/dtype
 * parseDescr/decode/encode), so the codecs can be measured before the umbrella lands. `via` says
 * which one was measured; RESULTS.md prints it.
 */
export function resolveParse(api: NpyioApi): {
  parse?: Parse;
  save?: Save;
  via: string;
  parseMissing: string;
  saveMissing: string;
} {
  const parse = api.get<Parse>("parse", ["npyio"]);
  const save = api.get<Save>("save", ["npyio"]);
  const parseHeader = api.get<
    (b: Uint8Array) => { descr: unknown; shape: number[]; fortranOrder: boolean; dataOffset: number }
  >("parseHeader", ["@npyio/header"]);
  const serializeHeader = api.get<
    (h: { descr: unknown; shape: number[]; fortranOrder: boolean }) => Uint8Array
  >("serializeHeader", ["@npyio/header"]);
  const parseDescr = api.get<(d: unknown) => DTypeLike>("parseDescr", ["@npyio/dtype"]);
  const decode = api.get<(dtype: DTypeLike, bytes: Uint8Array) => unknown>("decode", ["@npyio/dtype"]);
  const encode = api.get<(dtype: DTypeLike, data: unknown) => Uint8Array>("encode", ["@npyio/dtype"]);
  const composedParse: Parse | undefined =
    parseHeader && parseDescr && decode
      ? (bytes) => {
          const h = parseHeader(bytes);
          const dtype = parseDescr(h.descr);
          const n = h.shape.reduce((a, b) => a * b, 1);
          const data = decode(dtype, bytes.subarray(h.dataOffset, h.dataOffset + n * dtype.itemsize));
          return { dtype, shape: h.shape, fortranOrder: h.fortranOrder, data };
        }
      : undefined;
  const composedSave: Save | undefined =
    serializeHeader && encode
      ? (array) => {
          const a = array as { dtype: DTypeLike; shape: number[]; fortranOrder: boolean; data: unknown };
          const head = serializeHeader({
            descr: a.dtype.descr,
            shape: a.shape,
            fortranOrder: a.fortranOrder,
          });
          const body = encode(a.dtype, a.data);
          const out = new Uint8Array(head.length + body.length);
          out.set(head);
          out.set(body, head.length);
          return out;
        }
      : undefined;
  return {
    parse: parse ?? composedParse,
    save: save ?? composedSave,
    via:
      parse && save
        ? "npyio parse/save"
        : `${parse ? "npyio parse" : "parse composed of parseHeader + parseDescr + decode"}, ${save ? "npyio save" : "save composed of serializeHeader + encode"} (the umbrella's ${parse ? "save" : save ? "parse" : "parse/save"} is missing)`,
    parseMissing: `${api.missing("parse", ["npyio"])}, and parseHeader/parseDescr/decode to compose it are missing too`,
    saveMissing: `${api.missing("save", ["npyio"])}, and serializeHeader/encode to compose it are missing too`,
  };
}
