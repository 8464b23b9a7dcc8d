import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { ErrorType, permanentFailure, transientFailure } from '../shared/errors';

export type LookupAll = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

/** The rule an address breaks, or undefined when a reference download may reach it. */
export type AddressRule = (address: string) => string | undefined;

export interface ReferenceUrlOptions {
  /** forbiddenAddressRule unless set; tests and ALLOW_PRIVATE_REFERENCE_HOSTS use allowAnyAddress for local servers. */
  addressRule?: AddressRule;
  resolve?: LookupAll;
  /** The field failures name: `referenceUrl` unless set (a webhook's `url`). */
  field?: string;
}

function rule(name: string, subnets: readonly [string, number, 'ipv4' | 'ipv6'][]): { name: string; list: BlockList } {
  const list = new BlockList();
  for (const [network, prefix, family] of subnets) list.addSubnet(network, prefix, family);
  return { name, list };
}

/**
 * Address ranges a reference URL must not reach: the worker would fetch them from inside our
 * network. BlockList also matches IPv4-mapped IPv6 (::ffff:a.b.c.d) against the IPv4 ranges.
 */
const FORBIDDEN_RANGES = [
  rule('unspecified address', [['0.0.0.0', 8, 'ipv4'], ['::', 128, 'ipv6']]),
  rule('loopback address', [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']]),
  rule('private address', [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['fc00::', 7, 'ipv6']]),
  rule('link-local or metadata address', [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6'], ['fec0::', 10, 'ipv6']]),
  rule('carrier-grade NAT address', [['100.64.0.0', 10, 'ipv4']]),
  rule('multicast or reserved address', [['224.0.0.0', 3, 'ipv4'], ['ff00::', 8, 'ipv6']]),
];

/** IPv6 forms that carry an IPv4 address in their last 32 bits and can reach it (NAT64, IPv4-compatible). */
const EMBEDDING_PREFIXES = rule('embedded IPv4', [['64:ff9b::', 96, 'ipv6'], ['::', 96, 'ipv6']]).list;

/** Names the rule an IP literal breaks, or undefined when it is a public address. */
export function forbiddenAddressRule(address: string): string | undefined {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  for (const { name, list } of FORBIDDEN_RANGES) if (list.check(address, family)) return name;
  if (family === 'ipv6' && EMBEDDING_PREFIXES.check(address, 'ipv6')) {
    const embedded = embeddedIpv4(address);
    if (embedded !== undefined) {
      const inner = forbiddenAddressRule(embedded);
      if (inner !== undefined) return `${inner} (embedded in IPv6)`;
    }
  }
  return undefined;
}

/** For local test servers (and ALLOW_PRIVATE_REFERENCE_HOSTS): every address may be reached. */
export const allowAnyAddress: AddressRule = () => undefined;

/** For local receivers (ALLOW_LOOPBACK_WEBHOOKS, tests): loopback may be reached, every other forbidden range still may not. */
export const allowLoopbackAddress: AddressRule = (address) => {
  const rule = forbiddenAddressRule(address);
  return rule === 'loopback address' ? undefined : rule;
};

function embeddedIpv4(address: string): string | undefined {
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  if (isIP(tail) === 4) return tail;
  const groups = address.split(':');
  const low = parseInt(groups.at(-1) || '0', 16);
  const high = parseInt(groups.at(-2) || '0', 16);
  if (Number.isNaN(low) || Number.isNaN(high)) return undefined;
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

function invalid(field: string, rule: string): never {
  throw permanentFailure(ErrorType.InvalidInput, `${field}: ${rule}`, { field, rule, problems: [{ field, rule }] });
}

export const defaultLookup: LookupAll = (hostname) => lookup(hostname, { all: true, verbatim: true });

/**
 * Checks a user-supplied reference URL before anything fetches it: http(s) only, and no host that
 * resolves (any of its addresses) to loopback, private, link-local/metadata, CGNAT or unspecified
 * space. Returns the parsed URL. Failures are InvalidInput naming the field (`referenceUrl` by default) and the rule.
 */
export async function assertSafeReferenceUrl(url: string, options: ReferenceUrlOptions = {}): Promise<URL> {
  const field = options.field ?? 'referenceUrl';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return invalid(field, 'not a valid URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') invalid(field, `only http and https are allowed, got ${parsed.protocol.replace(/:$/, '')}`);
  const addressRule = options.addressRule ?? forbiddenAddressRule;
  if (addressRule === allowAnyAddress) return parsed;
  // The WHATWG parser already turned decimal, octal and hex IPv4 forms into dotted quads.
  const host = bareHost(parsed.hostname);
  const addresses = isIP(host) !== 0 ? [host] : await resolveHost(host, options.resolve ?? defaultLookup, field);
  const broken = firstBrokenRule(addresses, addressRule);
  if (broken !== undefined) invalid(field, `host ${host} resolves to a ${broken.rule} (${broken.address}), which is not allowed`);
  return parsed;
}

/** A URL's hostname without the brackets of an IPv6 literal. */
export function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '');
}

/** The first address that breaks the rule, and which rule: one forbidden answer is enough to refuse a host. */
export function firstBrokenRule(addresses: readonly string[], addressRule: AddressRule): { address: string; rule: string } | undefined {
  for (const address of addresses) {
    const rule = addressRule(address);
    if (rule !== undefined) return { address, rule };
  }
  return undefined;
}

async function resolveHost(host: string, resolve: LookupAll, field: string): Promise<string[]> {
  try {
    const results = await resolve(host);
    if (results.length === 0) return invalid(field, `host ${host} does not resolve`);
    return results.map((result) => result.address);
  } catch (error) {
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    if (code === 'ENOTFOUND' || code === 'ENODATA') return invalid(field, `host ${host} does not resolve`);
    throw transientFailure(ErrorType.ProviderUnavailable, `${field}: DNS lookup of ${host} failed (${String(code ?? 'unknown')})`);
  }
}
