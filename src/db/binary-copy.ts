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
      const tuple = tupleAt(data, at);
      if (!tuple) break;
      at = tuple.end;
      if (!tuple.fields) {
        this.ended = true;
        break;
      }
      yield tuple.fields;
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

/**
 * The tuple starting at `at` and where it ends (`fields` null for the end marker), or undefined when `data` does not
 * hold all of it yet.
 */
function tupleAt(data: Buffer, at: number): { fields: (Buffer | null)[] | null; end: number } | undefined {
  if (data.length - at < 2) return undefined;
  const fieldCount = data.readInt16BE(at);
  if (fieldCount === -1) return { fields: null, end: at + 2 };
  const fields: (Buffer | null)[] = [];
  let end = at + 2;
  for (let field = 0; field < fieldCount; field++) {
    if (data.length - end < 4) return undefined;
    const length = data.readInt32BE(end);
    end += 4;
    if (length === -1) {
      fields.push(null);
      continue;
    }
    if (data.length - end < length) return undefined;
    fields.push(data.subarray(end, end + length));
    end += length;
  }
  return { fields, end };
}
