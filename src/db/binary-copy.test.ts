import { BinaryCopyReader } from './binary-copy';

/** A binary COPY stream as PostgreSQL writes it ("Binary Format" in the COPY reference). */
function copyStream(tuples: (Buffer | null)[][], headerExtension: Buffer = Buffer.alloc(0)): Buffer {
  const int16 = (value: number) => Buffer.from([(value >> 8) & 0xff, value & 0xff]);
  const int32 = (value: number) => {
    const bytes = Buffer.alloc(4);
    bytes.writeInt32BE(value);
    return bytes;
  };
  const parts = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), int32(0), int32(headerExtension.length), headerExtension];
  for (const fields of tuples) {
    parts.push(int16(fields.length));
    for (const field of fields) parts.push(...(field ? [int32(field.length), field] : [int32(-1)]));
  }
  parts.push(int16(-1));
  return Buffer.concat(parts);
}

function readInChunks(stream: Buffer, chunkBytes: number): string[][] {
  const reader = new BinaryCopyReader();
  const tuples: string[][] = [];
  for (let at = 0; at < stream.length; at += chunkBytes) {
    // Fields are views valid until the next push, so each is copied out as text here.
    for (const fields of reader.push(stream.subarray(at, at + chunkBytes))) tuples.push(fields.map((field) => (field ? field.toString('hex') : 'NULL')));
  }
  reader.finish();
  return tuples;
}

describe('binary COPY reader', () => {
  const tuples = [
    [Buffer.from([0, 0, 0, 7]), Buffer.alloc(300, 0xab), null],
    [Buffer.from([0, 0, 1, 0]), null, Buffer.from([0, 0, 0, 42])],
    [Buffer.from([0, 0, 0, 9]), Buffer.alloc(0), null],
  ];
  const expected = tuples.map((fields) => fields.map((field) => (field ? field.toString('hex') : 'NULL')));

  it('gives every tuple whole, NULLs and empty fields kept, however the stream is cut into chunks', () => {
    const stream = copyStream(tuples);
    for (const chunkBytes of [1, 2, 3, 7, 19, 64, 301, stream.length]) expect(readInChunks(stream, chunkBytes)).toEqual(expected);
  });

  it('skips a header extension', () => {
    expect(readInChunks(copyStream(tuples, Buffer.from('future header data')), 5)).toEqual(expected);
  });

  it('refuses a stream without the signature, one cut short, and data after the end marker', () => {
    expect(() => [...new BinaryCopyReader().push(Buffer.from('hash,postings\n1,\\x00\n'))]).toThrow(/signature/);
    const stream = copyStream(tuples);
    const cut = new BinaryCopyReader();
    expect([...cut.push(stream.subarray(0, stream.length - 10))]).toHaveLength(2);
    expect(() => cut.finish()).toThrow(/cut short/);
    const ended = new BinaryCopyReader();
    expect([...ended.push(stream)]).toHaveLength(3);
    expect(() => [...ended.push(Buffer.from([0, 1]))]).toThrow(/after its end marker/);
  });
});
