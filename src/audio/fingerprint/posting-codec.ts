import type { PostingList } from './packed-postings';

/**
 * The bytes a store keeps for one hash's postings, which come in ascending track order (the index is built track by
 * track): the count, then the anchor frames as 16-bit little-endian, then each track number as its difference from
 * the previous one in LEB128 (7 bits a byte). A hash shared by many tracks has small differences, so the common
 * hashes a clip reads most take fewer than the 6 bytes a posting of the in-memory layout (measured at 100,000
 * tracks: 3.8 a posting with the table's overhead, docs/catalog.md).
 */
export function encodePostings(list: PostingList): Buffer {
  const count = list.tracks.length;
  const bytes = Buffer.allocUnsafe(5 + 2 * count + 5 * count);
  let at = writeVarint(bytes, 0, count);
  for (let i = 0; i < count; i++, at += 2) bytes.writeUInt16LE(list.offsets[i]!, at);
  let previous = 0;
  for (let i = 0; i < count; i++) {
    const track = list.tracks[i]!;
    if (track < previous) throw new RangeError(`postings must come in ascending track order: ${track} after ${previous}`);
    at = writeVarint(bytes, at, track - previous);
    previous = track;
  }
  return bytes.subarray(0, at);
}

export function decodePostings(bytes: Uint8Array): PostingList {
  const { value: count, next } = readVarint(bytes, 0);
  // A copy of the offsets' bytes, so the 16-bit view starts aligned (typed arrays are little-endian on every platform Node runs on here).
  const offsets = new Uint16Array(bytes.buffer.slice(bytes.byteOffset + next, bytes.byteOffset + next + 2 * count));
  const tracks = new Uint32Array(count);
  let at = next + 2 * count;
  let track = 0;
  for (let i = 0; i < count; i++) {
    // Inlined varint read: this loop runs once for each of the million or so postings a clip reads.
    let byte = bytes[at++]!;
    let difference = byte & 0x7f;
    for (let shift = 7; byte >= 0x80; shift += 7) {
      byte = bytes[at++]!;
      difference = (difference | ((byte & 0x7f) << shift)) >>> 0;
    }
    track += difference;
    tracks[i] = track;
  }
  return { tracks, offsets };
}

function readVarint(bytes: Uint8Array, from: number): { value: number; next: number } {
  let at = from;
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = bytes[at++]!;
    value = (value | ((byte & 0x7f) << shift)) >>> 0;
    if (byte < 0x80) return { value, next: at };
  }
}

function writeVarint(bytes: Buffer, at: number, value: number): number {
  let rest = value;
  while (rest >= 0x80) {
    bytes[at++] = (rest & 0x7f) | 0x80;
    rest = Math.floor(rest / 0x80);
  }
  bytes[at++] = rest;
  return at;
}
