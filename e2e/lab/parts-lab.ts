// The lab with the real parts of messier networks (network-parts.ts), for a
// describe() block: every app's site served, the parts undone after each test.
// Used by real-networks.test.ts (the CLI) and app-networks.test.ts (the app).
import { afterEach } from 'node:test';
import { labSkipReason, type Lab } from './lab';
import { hasCommand } from './lab-shell';
import { ALL_APPS, sitesFor } from './lab-sites';
import { networkParts, type NetworkParts } from './network-parts';
import { sharedLab } from './shared-lab';

/** The lab, or why the parts are missing (in CI: an error). */
export function partsSkipReason(): string | false {
  const lab = labSkipReason();
  if (lab) return lab;
  const missing = ['tinyproxy', 'socat', 'unbound', 'tayga', 'ss'].filter((command) => !hasCommand(command));
  if (missing.length === 0) return false;
  const reason = `the real-network lab needs ${missing.join(', ')} (Debian tinyproxy, socat, unbound, tayga, iproute2)`;
  if (process.env.CI) throw new Error(`${reason}; CI must install them`);
  return reason;
}

export function withParts(prepare?: (lab: Lab) => Promise<void>): { lab: () => Lab; parts: () => NetworkParts } {
  let parts: NetworkParts | undefined;
  const lab = sharedLab(async (fresh) => {
    parts ??= networkParts(fresh.names, fresh.workDir);
    await fresh.setSites(sitesFor(ALL_APPS));
    await prepare?.(fresh);
  });
  // Before the lab's own after(): the daemons go while their namespaces still exist.
  afterEach(async () => {
    await parts?.undo();
  });
  return {
    lab,
    parts: () => {
      if (!parts) throw new Error('the lab did not start');
      return parts;
    },
  };
}
