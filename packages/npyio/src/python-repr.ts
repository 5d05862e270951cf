/**
 * Python's `repr()` of `str` and `bytes`, which numpy uses for string elements when it prints an
 * array: single quotes unless the text has a `'` and no `"`, backslash escapes for control and
 * non-printable characters.
 */
import { reprPython } from "@npyio/header";

const NAMED: Readonly<Record<string, string>> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function quoteFor(text: string): string {
  return text.includes("'") && !text.includes('"') ? '"' : "'";
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, "0");
}

/** `repr(s)` of a Python `str`: @npyio/header's `reprPython`, the one the header writer uses. */
export const reprStr = (text: string): string => reprPython(text);

/** `repr(b)` of Python `bytes`, given as bytes or as latin1 text (one char per byte). */
export function reprBytes(bytes: Uint8Array | string): string {
  const text = typeof bytes === "string" ? bytes : String.fromCharCode(...bytes);
  const quote = quoteFor(text);
  let out = `b${quote}`;
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (NAMED[ch] !== undefined) out += NAMED[ch];
    else if (ch === quote) out += `\\${ch}`;
    else if (code < 0x20 || code >= 0x7f) out += `\\x${hex(code & 0xff, 2)}`;
    else out += ch;
  }
  return out + quote;
}

/** `str()` of a numpy `void` scalar: every byte as `\xNN` inside `b'…'`. */
export function strVoid(bytes: Uint8Array): string {
  let out = "b'";
  // numpy spells void bytes in upper-case hex, unlike Python's bytes repr
  for (const b of bytes) out += `\\x${hex(b, 2).toUpperCase()}`;
  return `${out}'`;
}
