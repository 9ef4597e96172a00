// Which interfaces are tunnels (VPNs), from what the OS says about them: on
// Linux the link type, the driver and the tun flags in /sys; on macOS and
// Windows the interface's name and the adapter's description, which VPN
// clients name after themselves. Pure: local.ts reads the facts.
import type { TunnelKind } from '../contracts/probe-results';

export interface TunnelSignals {
  name: string;
  /** The adapter's description (systeminformation's ifaceName on Windows). */
  description?: string;
  /** /sys/class/net/X/type: the ARPHRD link type. */
  linkType?: number | null;
  /** DEVTYPE from /sys/class/net/X/uevent (wireguard, vlan, bridge, ...). */
  devtype?: string | null;
  /** /sys/class/net/X/tun_flags: present on tun and tap devices. */
  tunFlags?: number | null;
}

const ARPHRD_PPP = 512;
const ARPHRD_NONE = 65534;
const IFF_TUN = 0x0001;
const IFF_TAP = 0x0002;

/** Adapters VPN clients install, by the words in their names or descriptions (Windows, macOS). */
const VPN_CLIENT_WORDS =
  /\b(vpn|anyconnect|globalprotect|pangp|fortinet|forticlient|juniper|pulse secure|sonicwall|zscaler|nordlynx|expressvpn|protonvpn|mullvad|surfshark|tailscale|zerotier|openvpn|cloudflare warp|wintun)\b/i;

/** The tunnel kind of an interface, or null when it is not a tunnel. */
export function tunnelKindOf(signals: TunnelSignals): TunnelKind | null {
  const name = signals.name.toLowerCase();
  const devtype = signals.devtype?.toLowerCase() ?? null;
  if (devtype === 'wireguard') return 'wireguard';
  if (signals.tunFlags != null) {
    if (signals.tunFlags & IFF_TAP) return 'tap';
    if (signals.tunFlags & IFF_TUN) return 'tun';
  }
  if (signals.linkType === ARPHRD_PPP) return 'ppp';
  if (devtype === 'xfrm' || devtype === 'vti') return 'ipsec';
  const description = signals.description ?? '';
  if (/wireguard/i.test(description) || /^wg\d+$/.test(name)) return 'wireguard';
  if (/^utun\d+$/.test(name)) return 'utun';
  if (/^(ipsec|xfrm)\d+$/.test(name)) return 'ipsec';
  if (/^ppp\d+$/.test(name)) return 'ppp';
  if (/^tun\d+$/.test(name)) return 'tun';
  if (/^tap\d+$/.test(name) || /tap-windows/i.test(description)) return 'tap';
  if (VPN_CLIENT_WORDS.test(name) || VPN_CLIENT_WORDS.test(description)) return 'vpn-client';
  // A link without a hardware address that the kernel calls none is a layer-3 tunnel (a userspace VPN's tun).
  if (signals.linkType === ARPHRD_NONE && !name.startsWith('lo')) return 'tun';
  return null;
}

/** tun_flags as written in /sys (`0x1001`), null when absent or unreadable. */
export function parseTunFlags(text: string | null): number | null {
  if (text === null) return null;
  const value = Number.parseInt(text.trim(), 16);
  return Number.isNaN(value) ? null : value;
}

/** DEVTYPE=... from a /sys uevent file, null when none. */
export function parseUeventDevtype(text: string | null): string | null {
  return text ? (/^DEVTYPE=(.+)$/m.exec(text)?.[1]?.trim() ?? null) : null;
}
