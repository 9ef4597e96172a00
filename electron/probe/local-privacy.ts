// macOS 15's Local Network privacy: until the user allows the app, the OS
// refuses its connections to addresses on the local network with
// EHOSTUNREACH, as if there were no route. Such a refusal says nothing about
// the router, so it must not read as "the router does not answer".
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';

/** Is address inside one of the interfaces' subnets (CIDR strings such as 192.168.1.20/24)? */
export function onLocalSubnet(address: string, cidrs: readonly string[]): boolean {
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
  if (!family) return false;
  const subnets = new BlockList();
  for (const cidr of cidrs) {
    const [network, bits] = cidr.split('/');
    const prefix = Number(bits);
    if (!network || !Number.isInteger(prefix)) continue;
    const networkFamily = isIPv4(network) ? 'ipv4' : isIPv6(network) ? 'ipv6' : null;
    if (networkFamily !== family || prefix === 0) continue;
    subnets.addSubnet(network, prefix, networkFamily);
  }
  return subnets.check(address, family);
}

export interface PrivacyBlockQuestion {
  platform: NodeJS.Platform;
  address: string;
  /** Every connection attempt's errno code (undefined when it had none). */
  errorCodes: readonly (string | undefined)[];
  /** The machine's own interface subnets. */
  cidrs: readonly string[];
}

/** On macOS, every attempt to a same-subnet address refused with EHOSTUNREACH: the OS's privacy gate, not the network. */
export function blockedByMacosPrivacy(question: PrivacyBlockQuestion): boolean {
  return (
    question.platform === 'darwin' &&
    question.errorCodes.length > 0 &&
    question.errorCodes.every((code) => code === 'EHOSTUNREACH') &&
    onLocalSubnet(question.address, question.cidrs)
  );
}

/** This machine's non-loopback interface subnets (CIDR). */
export function interfaceCidrs(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) =>
    (list ?? []).filter((entry) => !entry.internal && entry.cidr).map((entry) => entry.cidr as string),
  );
}

/** Which OS and subnets a probe reads refusals against; tests pass their own, the app takes this machine's. */
export interface PrivacyContext {
  platform?: NodeJS.Platform;
  cidrs?: readonly string[];
}

/** blockedByMacosPrivacy with this machine's platform and subnets unless the context names others (read only when needed). */
export function refusedByPrivacy(
  context: PrivacyContext | undefined,
  address: string,
  errorCodes: readonly (string | undefined)[],
): boolean {
  const platform = context?.platform ?? process.platform;
  if (platform !== 'darwin' || errorCodes.length === 0) return false;
  return blockedByMacosPrivacy({ platform, address, errorCodes, cidrs: context?.cidrs ?? interfaceCidrs() });
}
