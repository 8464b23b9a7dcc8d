import { Readable } from 'node:stream';
import { HttpError } from './http-error';
import { readJsonBody } from './json-body';

function read(chunks: string[], headers: Record<string, string> = {}, limit = 64): Promise<unknown> {
  return readJsonBody(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), headers, limit);
}

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(() => undefined, (thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

it('parses JSON split across chunks, with or without a JSON content type', async () => {
  expect(await read(['{"a":', '[1,2]}'])).toEqual({ a: [1, 2] });
  expect(await read(['{"a":1}'], { 'content-type': 'application/json; charset=utf-8' })).toEqual({ a: 1 });
  expect(await read(['{"a":1}'], { 'content-type': 'application/merge-patch+json' })).toEqual({ a: 1 });
});

it('reads an empty body as undefined', async () => {
  expect(await read([])).toBeUndefined();
  expect(await read(['  \n'])).toBeUndefined();
});

it('answers 400 InvalidInput naming the body for malformed JSON', async () => {
  const error = await failure(read(['{"a":']));
  expect(error.status).toBe(400);
  expect(error.body.error).toMatchObject({ type: 'InvalidInput', problems: [{ field: '(body)', rule: 'must be valid JSON' }] });
});

it('answers 413 when the declared or the streamed size passes the limit', async () => {
  expect((await failure(read(['{}'], { 'content-length': '65' }))).status).toBe(413);
  const streamed = await failure(read(['{"a":"', 'x'.repeat(40), 'x'.repeat(40), '"}']));
  expect(streamed.status).toBe(413);
  expect(streamed.headers).toEqual({ connection: 'close' });
});

it('answers 415 for a declared non-JSON body', async () => {
  expect((await failure(read(['a=1'], { 'content-type': 'application/x-www-form-urlencoded' }))).status).toBe(415);
});
