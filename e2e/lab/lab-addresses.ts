// The lab's address plan. Everything is inside 198.18.0.0/15 (RFC 2544
// benchmarking space, docs/contracts.md §6) and lives only in namespaces the lab made.
//
//   client 198.18.1.2 --c0/r0-- 198.18.1.1 router 198.18.2.1 --r1/i0-- 198.18.2.2 internet
//                                                               + 198.18.3.0/24, 198.19.0.0/16 on lo
export const CLIENT_ADDRESS = '198.18.1.2';
export const ROUTER_LAN_ADDRESS = '198.18.1.1';
export const ROUTER_WAN_ADDRESS = '198.18.2.1';
export const INTERNET_ADDRESS = '198.18.2.2';
export const LAN_PREFIX = 24;

/** Interface names inside the namespaces (each namespace has its own name space). */
export const CLIENT_LINK = 'c0';
export const ROUTER_LAN_LINK = 'r0';
export const ROUTER_WAN_LINK = 'r1';
export const INTERNET_LINK = 'i0';

/** Blocks routed to the internet namespace, where services get one address each. */
export const INTERNET_BLOCKS = ['198.18.3.0/24', '198.19.0.0/16'] as const;

export const PUBLIC_RESOLVERS = [
  { name: 'Lab Public A', address: '198.18.3.53' },
  { name: 'Lab Public B', address: '198.18.3.54' },
  { name: 'Lab Public C', address: '198.18.3.55' },
] as const;

/** Where the router's resolver forwards to (a public resolver, as home routers do). */
export const ROUTER_UPSTREAM_RESOLVER = '198.18.3.53';

/** The port the router's captive-portal page listens on; intercepted HTTP is sent here. */
export const ROUTER_PORTAL_PORT = 8080;

export function isLabAddress(address: string): boolean {
  const parts = address.split('.').map(Number);
  return parts.length === 4 && parts[0] === 198 && (parts[1] === 18 || parts[1] === 19);
}
