// Addresses that DNS filters answer instead of the real one (Pi-hole, NextDNS,
// school, office and ISP filters): the probe avoids connecting to a null route,
// and diagnose/ reads such an answer, where public resolvers give a real
// address, as a block. Pure text handling: the renderer and diagnose/ may use it.

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** An IPv4 literal as four numbers, or null. */
export function ipv4Parts(address: string): number[] | null {
  const match = IPV4.exec(address);
  if (!match) return null;
  const numbers = [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])];
  return numbers.every((n) => n <= 255) ? numbers : null;
}

interface Parsed {
  v4: number[] | null;
  v6: number[] | null;
}

/**
 * Each address parsed once: diagnose asks these questions of the same few
 * hundred answers at every look (every 2 s), and the engine runs V8's
 * interpreter only. Bounded: a new world of addresses starts it afresh.
 */
const parsedAddresses = new Map<string, Parsed>();
const PARSED_KEPT = 2048;

function parsed(address: string): Parsed {
  let entry = parsedAddresses.get(address);
  if (!entry) {
    const v4 = ipv4Parts(address);
    entry = { v4, v6: v4 ? null : ipv6Groups(address) };
    if (parsedAddresses.size >= PARSED_KEPT) parsedAddresses.clear();
    parsedAddresses.set(address, entry);
  }
  return entry;
}

/** 4 or 6 for an IP literal of that family, 0 for anything else (what node:net's isIP says, without node:net). */
export function addressFamily(address: string): 4 | 6 | 0 {
  const { v4, v6 } = parsed(address);
  return v4 ? 4 : v6 ? 6 : 0;
}

/** An IPv6 literal as eight 16-bit groups (an embedded IPv4 tail included), or null. */
export function ipv6Groups(address: string): number[] | null {
  const bare = address.toLowerCase().replace(/%.*$/, '');
  if (!bare.includes(':')) return null;
  let text = bare;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  const v4 = ipv4Parts(text.slice(lastColon + 1));
  if (v4) {
    tail.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    text = `${text.slice(0, lastColon + 1)}0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const read = (half: string | undefined) => (half ? half.split(':') : []);
  const head = read(halves[0]);
  const rest = read(halves[1]);
  if (![...head, ...rest].every((group) => /^[0-9a-f]{1,4}$/.test(group))) return null;
  const width = 8 - (tail.length > 0 ? 1 : 0);
  const missing = width - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 1 ? 0 : missing).fill('0'), ...rest].map((g) =>
    parseInt(g, 16),
  );
  if (tail.length > 0) groups.splice(groups.length - 1, 1, ...tail);
  return groups.length === 8 ? groups : null;
}

/** The IPv4 address an IPv4-mapped IPv6 literal (::ffff:a.b.c.d) carries. */
function mappedIpv4(groups: number[]): number[] | null {
  if (!groups.slice(0, 5).every((g) => g === 0) || groups[5] !== 0xffff) return null;
  const [high = 0, low = 0] = groups.slice(6);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff];
}

function ipv4NullRoute([a]: number[]): boolean {
  return a === 0 || a === 127;
}

function ipv4Private([a = 0, b = 0]: number[]): boolean {
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
}

/** 0.0.0.0/8, 127.0.0.0/8, :: and ::1: an answer that leads nowhere off this machine. */
export function isNullRouteAddress(address: string): boolean {
  const { v4, v6: groups } = parsed(address);
  if (v4) return ipv4NullRoute(v4);
  if (!groups) return false;
  const mapped = mappedIpv4(groups);
  if (mapped) return ipv4NullRoute(mapped);
  return groups.slice(0, 7).every((g) => g === 0) && (groups[7] === 0 || groups[7] === 1);
}

/**
 * A null route, or a private or link-local address (10/8, 172.16/12,
 * 192.168/16, 169.254/16, fc00::/7, fe80::/10): where filters send blocked names.
 */
export function isSinkholeAddress(address: string): boolean {
  if (isNullRouteAddress(address)) return true;
  const { v4, v6: groups } = parsed(address);
  if (v4) return ipv4Private(v4);
  if (!groups) return false;
  const mapped = mappedIpv4(groups);
  if (mapped) return ipv4Private(mapped);
  const first = groups[0] ?? 0;
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}
