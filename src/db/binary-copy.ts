/**
 * Reads PostgreSQL's binary COPY format (`COPY … TO STDOUT (FORMAT binary)`, "Binary Format" in the COPY reference)
 * chunk by chunk as it arrives: a signature, flags and a header extension, then per tuple a 16-bit field count (−1
 * ends the data) and per field a 32-bit length (−1 for NULL) and that many bytes. Binary COPY is how a query's bytea
 * values reach Node as raw bytes, where a result set would carry them as hex text; reading tuples as chunks arrive
 * lets the caller work on them while the server still sends the rest.
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Signature, 32-bit flags, 32-bit header extension length. */
const HEADER_BYTES = SIGNATURE.length + 8;

export class BinaryCopyReader {
  private rest: Buffer = Buffer.alloc(0);
  private headerRead = false;
  private ended = false;

  /**
   * The tuples completed by `chunk`. Fields are views into the stream's bytes, valid until the next push: copy what
   * must outlive it.
   */
  *push(chunk: Buffer): Generator<(Buffer | null)[]> {
    if (this.ended) throw new Error('binary COPY data after its end marker');
    const data = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    let at = this.headerRead ? 0 : this.headerLength(data);
    if (at < 0) {
      this.rest = data;
      return;
    }
    this.headerRead = true;
    for (;;) {
      const end = tupleEnd(data, at);
      if (end < 0) break;
      const fieldCount = data.readInt16BE(at);
      if (fieldCount === -1) {
        this.ended = true;
        at = end;
        break;
      }
      const fields: (Buffer | null)[] = [];
      for (let field = 0, from = at + 2; field < fieldCount; field++) {
        const length = data.readInt32BE(from);
        fields.push(length === -1 ? null : data.subarray(from + 4, from + 4 + length));
        from += 4 + Math.max(0, length);
      }
      at = end;
      yield fields;
    }
    this.rest = data.subarray(at);
  }

  /** Throws unless the stream ended with its end marker and nothing after it. */
  finish(): void {
    if (!this.ended || this.rest.length > 0) throw new Error('binary COPY stream cut short');
  }

  /** Where the first tuple starts, or −1 while the header is still incomplete. */
  private headerLength(data: Buffer): number {
    if (data.length < HEADER_BYTES) return -1;
    if (!data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('not a binary COPY stream: the signature is missing');
    const length = HEADER_BYTES + data.readUInt32BE(SIGNATURE.length + 4);
    return data.length < length ? -1 : length;
  }
}

/** Where the tuple (or end marker) starting at `at` ends, or −1 when `data` does not hold all of it yet. */
function tupleEnd(data: Buffer, at: number): number {
  if (data.length - at < 2) return -1;
  const fieldCount = data.readInt16BE(at);
  let end = at + 2;
  for (let field = 0; field < fieldCount; field++) {
    if (data.length - end < 4) return -1;
    end += 4 + Math.max(0, data.readInt32BE(end));
    if (end > data.length) return -1;
  }
  return end;
}
