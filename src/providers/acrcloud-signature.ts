import { createHmac } from 'node:crypto';

export interface AcrCloudSignatureInput {
  method: string;
  uri: string;
  accessKey: string;
  dataType: 'audio' | 'fingerprint';
  signatureVersion: string;
  /** Unix seconds, as a string exactly as sent in the form. */
  timestamp: string;
}

/** base64(HMAC-SHA1(access_secret, method \n uri \n access_key \n data_type \n signature_version \n timestamp)). */
export function signAcrCloudRequest(input: AcrCloudSignatureInput, accessSecret: string): string {
  const stringToSign = [input.method, input.uri, input.accessKey, input.dataType, input.signatureVersion, input.timestamp].join('\n');
  return createHmac('sha1', accessSecret).update(stringToSign, 'utf8').digest('base64');
}
