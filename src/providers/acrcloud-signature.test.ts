import { createHmac } from 'node:crypto';
import { signAcrCloudRequest } from './acrcloud-signature';

describe('signAcrCloudRequest', () => {
  const input = { method: 'POST', uri: '/v1/identify', accessKey: 'key123', dataType: 'audio' as const, signatureVersion: '1', timestamp: '1700000000' };

  it('signs the newline-joined fields with HMAC-SHA1 and base64', () => {
    const expected = createHmac('sha1', 'secret').update('POST\n/v1/identify\nkey123\naudio\n1\n1700000000').digest('base64');
    expect(signAcrCloudRequest(input, 'secret')).toBe(expected);
  });

  it('changes with the timestamp and the secret', () => {
    const base = signAcrCloudRequest(input, 'secret');
    expect(signAcrCloudRequest({ ...input, timestamp: '1700000001' }, 'secret')).not.toBe(base);
    expect(signAcrCloudRequest(input, 'other')).not.toBe(base);
  });
});
