import { NpyError } from "@npyio/header";

// Code page 437, the zip default when the UTF-8 flag (0x800) is clear; Python's zipfile decodes the
// same way, and writes the flag for any name that is not ASCII.
const CP437_HIGH =
  "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■ ";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A member name as Python's zipfile decodes it: UTF-8 with flag 0x800, else code page 437. */
export function decodeName(bytes: Uint8Array, isUtf8: boolean, offset: number): string {
  let ascii = true;
  for (const b of bytes) if (b > 0x7f) ascii = false;
  if (ascii) return String.fromCharCode(...bytes);
  if (!isUtf8) {
    let s = "";
    for (const b of bytes) s += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80];
    return s;
  }
  try {
    return utf8.decode(bytes);
  } catch (cause) {
    throw new NpyError("BAD_ZIP", "member name is flagged UTF-8 (0x800) but is not valid UTF-8", {
      offset,
      cause,
    });
  }
}

/** numpy's key for a member: the name without its `.npy` suffix (`dir/x.npy` is `dir/x`). */
export function keyOf(name: string): string {
  return name.endsWith(".npy") ? name.slice(0, -4) : name;
}
