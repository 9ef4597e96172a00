// How the traffic leaves, for the tray: "Through VPN wg0", "Through proxy
// http://proxy:3128". One short line each; none on a plain network.
import type { Diagnosis } from '../../contracts/diagnosis';
import type { Translate } from '../../i18n/translate';

export function trayPathLines(diagnosis: Diagnosis | null | undefined, t: Translate): string[] {
  if (!diagnosis) return [];
  const lines: string[] = [];
  if (diagnosis.local.vpn) lines.push(t('tray:path.vpn', { name: diagnosis.local.vpn.interface }));
  if (diagnosis.local.proxies.length > 0) lines.push(t('tray:path.proxy', { proxy: diagnosis.local.proxies }));
  return lines;
}
