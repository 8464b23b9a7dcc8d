import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Checksum, SourceData } from '@smithy/types';
import type { S3StorageSettings } from './s3-storage';

/** A presigned GET link to one object and the moment it stops working. */
export interface DownloadLink {
  url: string;
  expiresAt: Date;
}

/** S3 caps a SigV4 query signature at seven days. */
export const MAX_PRESIGN_SECONDS = 604_800;

function bytesOf(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** SHA-256 and HMAC-SHA256 from node:crypto in the shape the SigV4 signer asks for. */
class NodeSha256 implements Checksum {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }

  update(data: Uint8Array | string): void {
    this.hash.update(bytesOf(data));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }

  reset(): void {
    this.hash = this.fresh();
  }

  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(this.secret));
  }
}

/** One path segment as S3's canonical URI wants it: RFC 3986 unreserved characters stay, the rest is %XX. */
function escapeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Signs one request for one object: GET to download it, PUT to upload its bytes. */
export type S3Presigner = (method: 'GET' | 'PUT', key: string, expiresInSeconds: number) => Promise<DownloadLink>;

/**
 * Presigned URLs (SigV4 in the query, only the host header signed, `UNSIGNED-PAYLOAD`) as S3's own presigner
 * makes them, for R2, S3 and MinIO alike, signed locally with the SDK's own signer: no request leaves the
 * process, and any HTTP client can use the link as it is. Path-style or virtual-hosted as the client is configured.
 */
export function createS3Presigner(settings: S3StorageSettings): S3Presigner {
  const endpoint = new URL(settings.endpoint);
  const signer = new SignatureV4({
    service: 's3',
    region: settings.region,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    sha256: NodeSha256,
    // S3 signs the path as sent, without escaping it a second time.
    uriEscapePath: false,
  });
  const hostname = settings.forcePathStyle ? endpoint.hostname : `${settings.bucket}.${endpoint.hostname}`;
  const host = endpoint.port ? `${hostname}:${endpoint.port}` : hostname;
  const basePath = endpoint.pathname.replace(/\/$/, '') + (settings.forcePathStyle ? `/${escapeSegment(settings.bucket)}` : '');
  const unsigned = new Set(['x-amz-content-sha256']);

  return async (method, key, expiresInSeconds) => {
    const signingDate = new Date();
    const signed = await signer.presign(
      {
        method,
        protocol: endpoint.protocol,
        hostname,
        port: endpoint.port ? Number(endpoint.port) : undefined,
        path: `${basePath}/${key.split('/').map(escapeSegment).join('/')}`,
        query: {},
        headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      },
      { expiresIn: expiresInSeconds, signingDate, unsignableHeaders: unsigned, unhoistableHeaders: unsigned },
    );
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(signed.query ?? {})) if (typeof value === 'string') query.set(name, value);
    return { url: `${endpoint.protocol}//${host}${signed.path}?${query.toString()}`, expiresAt: new Date(signingDate.getTime() + expiresInSeconds * 1000) };
  };
}

/** Presigned GET links to a job's files (the API's `downloads`). */
export function createS3DownloadSigner(settings: S3StorageSettings): (key: string, expiresInSeconds: number) => Promise<DownloadLink> {
  const presign = createS3Presigner(settings);
  return (key, expiresInSeconds) => presign('GET', key, expiresInSeconds);
}
