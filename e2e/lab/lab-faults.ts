// Fault injectors: each breaks one part of the lab the way it breaks in real
// life. `resetFaults` undoes all of them, so scenarios can share one topology.
import {
  CLIENT_LINK,
  ROUTER_LAN_ADDRESS,
  ROUTER_LAN_LINK,
  ROUTER_PORTAL_PORT,
  ROUTER_WAN_LINK,
  LAN_PREFIX,
} from './lab-addresses';
import { DELAY_LINE_DNS_PORT, DELAY_LINE_TCP_PORT } from './delay-line';
import { execIn, ipIn, nftIn } from './lab-shell';
import { restoreClientRoute, type LabNamespaces } from './lab-topology';

/** The client's cable is pulled: the interface is down and its routes are gone. */
export async function linkDown(names: LabNamespaces): Promise<void> {
  await ipIn(names.client, 'link', 'set', CLIENT_LINK, 'down');
}

/** The router's LAN port goes dark: the client's link loses its carrier while its routes stay. */
export async function carrierLost(names: LabNamespaces): Promise<void> {
  await ipIn(names.router, 'link', 'set', ROUTER_LAN_LINK, 'down');
  // The kernel reports the lost carrier on the client's side a moment later
  // (link watch); the fault is in place only once the client can see it.
  for (let waited = 0; waited < 5_000; waited += 50) {
    const state = await ipIn(names.client, '-o', 'link', 'show', 'dev', CLIENT_LINK);
    if (/NO-CARRIER|state (DOWN|LOWERLAYERDOWN)/.test(state)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`carrierLost: ${CLIENT_LINK} in ${names.client} still shows a carrier after 5 s`);
}

/**
 * The router stops answering on the LAN while the client's link stays up
 * (a hung router): its LAN address goes away, so ARP for the gateway fails.
 */
export async function gatewayGone(names: LabNamespaces): Promise<void> {
  await ipIn(names.router, 'addr', 'del', `${ROUTER_LAN_ADDRESS}/${LAN_PREFIX}`, 'dev', ROUTER_LAN_LINK);
  await ipIn(names.client, 'neigh', 'flush', 'dev', CLIENT_LINK);
}

/** The ISP drops everything beyond the router, silently; the router itself is fine. */
export async function uplinkBlackholed(names: LabNamespaces): Promise<void> {
  await nftIn(
    names.router,
    `table inet lab_uplink {
  chain forward_filter { type filter hook forward priority 0; oifname "${ROUTER_WAN_LINK}" drop; }
  chain output_filter { type filter hook output priority 0; oifname "${ROUTER_WAN_LINK}" drop; }
}`,
  );
}

/**
 * The router's own DNS queries to the internet are dropped (a broken uplink
 * for its resolver, or an upstream blocking it); what the client sends beyond
 * the router is forwarded untouched.
 */
export async function routerDnsCutOff(names: LabNamespaces): Promise<void> {
  await nftIn(
    names.router,
    `table inet lab_router_dns {
  chain output_filter { type filter hook output priority 0; oifname "${ROUTER_WAN_LINK}" meta l4proto { tcp, udp } th dport 53 drop; }
}`,
  );
}

/** The router intercepts HTTP with a redirect to its login page and resets HTTPS, as hotel Wi-Fi does before sign-in. */
export async function captivePortal(names: LabNamespaces): Promise<void> {
  await nftIn(
    names.router,
    `table ip lab_captive {
  chain prerouting_nat { type nat hook prerouting priority dstnat; iifname "${ROUTER_LAN_LINK}" tcp dport 80 dnat to ${ROUTER_LAN_ADDRESS}:${ROUTER_PORTAL_PORT}; }
  chain forward_filter { type filter hook forward priority 0; iifname "${ROUTER_LAN_LINK}" tcp dport 443 reject with tcp reset; }
}`,
  );
}

/** A firewall on the router blocks outgoing TCP 443: `refuse` answers with a reset, `drop` stays silent. */
export async function block443(names: LabNamespaces, how: 'refuse' | 'drop'): Promise<void> {
  const action = how === 'refuse' ? 'reject with tcp reset' : 'drop';
  await nftIn(
    names.router,
    `table inet lab_firewall {
  chain forward_filter { type filter hook forward priority 0; iifname "${ROUTER_LAN_LINK}" tcp dport 443 ${action}; }
}`,
  );
}

/**
 * Sends the client's traffic beyond the router through the router's delay line
 * (delay-line.ts), which the router process then slows by a round-trip time.
 */
export async function divertThroughDelayLine(names: LabNamespaces): Promise<void> {
  await nftIn(
    names.router,
    `table ip lab_latency {
  chain prerouting_nat {
    type nat hook prerouting priority dstnat;
    iifname "${ROUTER_LAN_LINK}" ip daddr != ${ROUTER_LAN_ADDRESS} meta l4proto tcp redirect to :${DELAY_LINE_TCP_PORT};
    iifname "${ROUTER_LAN_LINK}" ip daddr != ${ROUTER_LAN_ADDRESS} udp dport 53 redirect to :${DELAY_LINE_DNS_PORT};
  }
}`,
  );
}

/** Undoes every fault above (and the router DNS mode is reset by the caller). */
export async function resetFaults(names: LabNamespaces): Promise<void> {
  await ipIn(names.client, 'link', 'set', CLIENT_LINK, 'up');
  await ipIn(names.router, 'link', 'set', ROUTER_LAN_LINK, 'up');
  await restoreClientRoute(names);
  const routerAddresses = await ipIn(names.router, '-4', '-o', 'addr', 'show', 'dev', ROUTER_LAN_LINK);
  if (!routerAddresses.includes(`${ROUTER_LAN_ADDRESS}/`)) {
    await ipIn(names.router, 'addr', 'add', `${ROUTER_LAN_ADDRESS}/${LAN_PREFIX}`, 'dev', ROUTER_LAN_LINK);
  }
  await execIn(names.router, 'nft', ['flush', 'ruleset']);
  await ipIn(names.client, 'neigh', 'flush', 'dev', CLIENT_LINK);
}
