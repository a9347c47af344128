/** IPv4 CIDR arithmetic for the network constructs and the environment schema's rules. Pure functions, no dependencies. */

export interface Ipv4Range {
  /** First address as an unsigned 32-bit integer. */
  readonly start: number;
  /** Last address as an unsigned 32-bit integer. */
  readonly end: number;
  readonly prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns undefined when the text is not a canonical IPv4 CIDR block. */
export function parseCidr(text: string): Ipv4Range | undefined {
  const m = CIDR.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) return undefined; // host bits set: 10.0.1.5/24 is not a network address
  return { start: address, end: address + size - 1, prefix };
}

export function isCidr(text: string): boolean {
  return parseCidr(text) !== undefined;
}

export function contains(outer: Ipv4Range, inner: Ipv4Range): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

export function overlaps(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** RFC 1918 and the shared address space (RFC 6598): addresses reached only over private links. */
const PRIVATE_BLOCKS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map(
  (b) => parseCidr(b)!,
);

/** Whether the whole range is private (inside RFC 1918 or RFC 6598 space). */
export function isPrivate(range: Ipv4Range): boolean {
  return PRIVATE_BLOCKS.some((block) => contains(block, range));
}

/** Whether the range shares no address with private space (so it can be a public source). */
export function isPublic(range: Ipv4Range): boolean {
  return !PRIVATE_BLOCKS.some((block) => overlaps(block, range));
}

/** Whether `address` is one public IPv4 address (dotted quad, outside private space). */
export function isPublicAddress(address: string): boolean {
  const range = parseCidr(`${address}/32`);
  return range !== undefined && isPublic(range);
}
