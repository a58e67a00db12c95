/**
 * Where a webhook may be delivered (server-side request forgery guard).
 *
 * The host is resolved and EVERY address it resolves to is checked — IPv4, IPv6, and the
 * IPv4 address embedded in IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible, NAT64
 * (`64:ff9b::/96`), 6to4 (`2002::/16`) and Teredo (`2001::/32`) forms — at registration and
 * again at each delivery, where the connection goes to the address that was checked (the
 * check runs inside the socket's own DNS lookup), so a name cannot resolve to a public
 * address for the check and to a local one for the request (DNS rebinding).
 *
 * - Always refused: link-local and cloud metadata addresses (169.254.0.0/16, fe80::/10,
 *   100.100.100.200, fd00:ec2::254, metadata.google.internal), multicast, documentation,
 *   benchmarking and reserved ranges.
 * - Refused unless WEBHOOK_ALLOW_PRIVATE (default: outside production): this machine
 *   (127.0.0.0/8, ::1, 0.0.0.0/8, ::, `localhost` and `*.localhost` with or without the
 *   final dot) and private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7).
 */
import dns from 'node:dns';
import net, { BlockList } from 'node:net';

export type AddressClass = 'metadata' | 'local' | null;

const METADATA = new BlockList();
METADATA.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local, AWS/GCP/Azure metadata
METADATA.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
METADATA.addSubnet('192.0.0.0', 24, 'ipv4'); // IETF protocol assignments (incl. Oracle 192.0.0.192)
METADATA.addSubnet('192.0.2.0', 24, 'ipv4'); // documentation
METADATA.addSubnet('198.18.0.0', 15, 'ipv4'); // benchmarking
METADATA.addSubnet('198.51.100.0', 24, 'ipv4'); // documentation
METADATA.addSubnet('203.0.113.0', 24, 'ipv4'); // documentation
METADATA.addSubnet('224.0.0.0', 4, 'ipv4'); // multicast
METADATA.addSubnet('240.0.0.0', 4, 'ipv4'); // reserved, broadcast
METADATA.addSubnet('fe80::', 10, 'ipv6'); // link-local
METADATA.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6
METADATA.addSubnet('fec0::', 10, 'ipv6'); // site-local (deprecated)
METADATA.addSubnet('ff00::', 8, 'ipv6'); // multicast
METADATA.addSubnet('100::', 64, 'ipv6'); // discard-only
METADATA.addSubnet('2001:db8::', 32, 'ipv6'); // documentation
METADATA.addSubnet('64:ff9b:1::', 48, 'ipv6'); // local-use NAT64: the IPv4 behind it is unknowable

const LOCAL = new BlockList();
LOCAL.addSubnet('0.0.0.0', 8, 'ipv4'); // "this network"; 0.0.0.0 reaches this machine
LOCAL.addSubnet('10.0.0.0', 8, 'ipv4');
LOCAL.addSubnet('100.64.0.0', 10, 'ipv4'); // carrier-grade NAT
LOCAL.addSubnet('127.0.0.0', 8, 'ipv4');
LOCAL.addSubnet('172.16.0.0', 12, 'ipv4');
LOCAL.addSubnet('192.168.0.0', 16, 'ipv4');
LOCAL.addAddress('::', 'ipv6');
LOCAL.addAddress('::1', 'ipv6');
LOCAL.addSubnet('fc00::', 7, 'ipv6'); // unique local

/** The 8 groups of an IPv6 address (handles `::` and a trailing dotted quad); null when not IPv6. */
export function ipv6Groups(address: string): number[] | null {
  let a = address
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  if (net.isIPv6(a) === false) return null;
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (quad) {
    const b = quad[1].split('.').map(Number);
    a = a.slice(0, -quad[1].length) + `${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
  }
  const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const h = head ? head.split(':') : [];
  const t = tail === undefined ? [] : tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array<string>(8 - h.length - t.length).fill('0');
  const groups = [...h, ...fill, ...t].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

function v4(hi: number, lo: number): string {
  return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
}

/** IPv4 addresses an IPv6 address carries (mapped, compatible, NAT64, 6to4, Teredo). */
export function embeddedIpv4(address: string): string[] {
  const g = ipv6Groups(address);
  if (!g) return [];
  const out: string[] = [];
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0)) out.push(v4(g[6], g[7])); // ::ffff:a.b.c.d, ::a.b.c.d
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) out.push(v4(g[6], g[7])); // ::ffff:0:a.b.c.d (SIIT)
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) out.push(v4(g[6], g[7])); // NAT64 64:ff9b::/96
  if (g[0] === 0x2002) out.push(v4(g[1], g[2])); // 6to4
  if (g[0] === 0x2001 && g[1] === 0) out.push(v4(g[6] ^ 0xffff, g[7] ^ 0xffff), v4(g[2], g[3])); // Teredo client and server
  return out;
}

/** `metadata` (always refused), `local` (refused unless private targets are allowed) or null (public). */
export function classifyAddress(address: string): AddressClass {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = net.isIP(ip);
  if (family === 0) return 'metadata'; // not an address at all: never connect to it
  const type = family === 4 ? 'ipv4' : 'ipv6';
  let worst: AddressClass = METADATA.check(ip, type) ? 'metadata' : LOCAL.check(ip, type) ? 'local' : null;
  if (family === 6) {
    for (const inner of embeddedIpv4(ip)) {
      const c = classifyAddress(inner);
      if (c === 'metadata') return 'metadata';
      if (c === 'local') worst = worst ?? 'local';
    }
  }
  return worst;
}

export class UnsafeTargetError extends Error {
  readonly code = 'UNSAFE_WEBHOOK_TARGET';
}

function refuse(cls: AddressClass, what: string): never {
  throw new UnsafeTargetError(cls === 'metadata' ? `${what} is a link-local, metadata or reserved address` : `${what} is this machine or a private network`);
}

/** Refuse one address; returns it when allowed. */
export function checkAddress(address: string, allowPrivate: boolean, label = address): string {
  const cls = classifyAddress(address);
  if (cls === 'metadata' || (cls === 'local' && !allowPrivate)) refuse(cls, label);
  return address;
}

/** The host of a URL without brackets, in lower case, without the final dot(s) of a fully qualified name. */
export function bareHost(hostname: string): string {
  return hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.+$/, '');
}

/** Refuse names that are local by definition, before any resolution. */
function checkName(host: string, allowPrivate: boolean): void {
  if (host === 'metadata.google.internal' || host === 'metadata') refuse('metadata', host);
  if ((host === 'localhost' || host.endsWith('.localhost')) && !allowPrivate) refuse('local', host);
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (host) => dns.promises.lookup(host, { all: true, verbatim: true });

/**
 * Resolve a URL's host and check every address; the checked addresses, or UnsafeTargetError.
 * A name that does not resolve is refused too.
 */
export async function resolveWebhookHost(hostname: string, allowPrivate: boolean, resolve: Resolver = systemResolver): Promise<ResolvedAddress[]> {
  const host = bareHost(hostname);
  const family = net.isIP(host);
  if (family) return [{ address: checkAddress(host, allowPrivate), family }];
  checkName(host, allowPrivate);
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolve(host);
  } catch (err) {
    throw new UnsafeTargetError(`${host} does not resolve (${(err as { code?: string }).code ?? 'lookup failed'})`);
  }
  if (!addresses.length) throw new UnsafeTargetError(`${host} does not resolve`);
  for (const a of addresses) checkAddress(a.address, allowPrivate, `${host} resolves to ${a.address}, which`);
  return addresses;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request: resolves and checks every address inside the socket's
 * own connection, so the request goes to an address that was checked.
 */
export function guardedLookup(allowPrivate: boolean, resolve: Resolver = systemResolver) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    resolveWebhookHost(hostname, allowPrivate, resolve).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        if (!wanted.length) return callback(Object.assign(new Error(`${hostname} has no IPv${options.family} address`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) callback(null, wanted);
        else callback(null, wanted[0].address, wanted[0].family);
      },
      (err: Error) => callback(Object.assign(err, { code: (err as { code?: string }).code ?? 'ENOTFOUND' }), '', 0),
    );
  };
}
