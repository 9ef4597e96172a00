// Longest-prefix lookup of an address in the providers' published IP ranges.
// Pure (no node: imports) so the catalog stays usable anywhere; downloading
// and parsing the published lists lives in electron/feeds/ip-ranges.ts.

export interface IpRange {
  /** `192.0.2.0/24` or `2001:db8::/32`. */
  cidr: string;
  provider: string;
  region: string | null;
  /** The provider's own service label when it gives one (AWS: `EC2`, `CLOUDFRONT`, ...). */
  service: string | null;
}

export interface IpRangeIndex {
  /** Prefixes held (after de-duplication). */
  readonly size: number;
  /** The most specific range holding the address, or null (also for text that is not an address). */
  lookup(address: string): IpRange | null;
}

interface ParsedAddress {
  family: 4 | 6;
  value: bigint;
}

const FAMILY_BITS = { 4: 32, 6: 128 } as const;

function parseIpv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return BigInt(value);
}

function parseIpv6(text: string): bigint | null {
  const bare = text.replace(/%.*$/, '');
  const halves = bare.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (half: string): number[] | null => {
    if (half === '') return [];
    const groups: number[] = [];
    const pieces = half.split(':');
    for (let i = 0; i < pieces.length; i += 1) {
      const piece = pieces[i] ?? '';
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === null) return null;
        groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return groups;
  };
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

const V4_MAPPED_PREFIX = 0xffffn << 32n;

/** IPv4 or IPv6 text to a number; IPv4-mapped IPv6 (`::ffff:192.0.2.1`) counts as IPv4. */
export function parseIpAddress(text: string): ParsedAddress | null {
  const trimmed = text.trim();
  if (trimmed.includes(':')) {
    const value = parseIpv6(trimmed);
    if (value === null) return null;
    if (value >> 32n === 0xffffn) return { family: 4, value: value - V4_MAPPED_PREFIX };
    return { family: 6, value };
  }
  const value = parseIpv4(trimmed);
  return value === null ? null : { family: 4, value };
}

/** `203.0.113.0/24` to its family, network bits and prefix length; null when malformed. */
export function parseCidr(cidr: string): { family: 4 | 6; network: bigint; length: number } | null {
  const slash = cidr.indexOf('/');
  if (slash < 0) return null;
  const address = parseIpAddress(cidr.slice(0, slash));
  const lengthText = cidr.slice(slash + 1);
  if (!address || !/^\d{1,3}$/.test(lengthText) || cidr.slice(0, slash).includes('.') !== (address.family === 4)) {
    return null;
  }
  const length = Number(lengthText);
  const bits = FAMILY_BITS[address.family];
  if (length > bits) return null;
  return { family: address.family, network: address.value >> BigInt(bits - length), length };
}

/** Prefer a duplicate that names a region, then one naming a specific service over AWS's catch-all `AMAZON`. */
function better(candidate: IpRange, current: IpRange): boolean {
  if ((candidate.region === null) !== (current.region === null)) return candidate.region !== null;
  return current.service === 'AMAZON' && candidate.service !== null && candidate.service !== 'AMAZON';
}

export function buildIpRangeIndex(ranges: Iterable<IpRange>): IpRangeIndex {
  const tables = { 4: new Map<number, Map<bigint, IpRange>>(), 6: new Map<number, Map<bigint, IpRange>>() };
  let size = 0;
  for (const range of ranges) {
    const parsed = parseCidr(range.cidr);
    if (!parsed) continue;
    let table = tables[parsed.family].get(parsed.length);
    if (!table) {
      table = new Map();
      tables[parsed.family].set(parsed.length, table);
    }
    const current = table.get(parsed.network);
    if (!current) size += 1;
    if (!current || better(range, current)) table.set(parsed.network, range);
  }
  const lengths = {
    4: [...tables[4].keys()].sort((a, b) => b - a),
    6: [...tables[6].keys()].sort((a, b) => b - a),
  };
  return {
    size,
    lookup(text) {
      const address = parseIpAddress(text);
      if (!address) return null;
      const bits = FAMILY_BITS[address.family];
      for (const length of lengths[address.family]) {
        const hit = tables[address.family].get(length)?.get(address.value >> BigInt(bits - length));
        if (hit) return hit;
      }
      return null;
    },
  };
}
