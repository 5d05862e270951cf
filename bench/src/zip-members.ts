/**
 * The members of a zip (as numpy's savez writes it) from its central directory: enough for the
 * bench's native-zlib baseline, independent of @npyio/npz. No zip64, no encryption.
 */
export interface ZipMember {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the member's (compressed) data. */
  dataOffset: number;
}

export function zipMembers(bytes: Uint8Array): ZipMember[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = bytes.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error("no end of central directory record");
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const members: ZipMember[] = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error(`bad central directory entry at ${at}`);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const localData = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    members.push({
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      dataOffset: localData,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return members;
}
