// The certificate authorities probes trust: the runtime's default store plus
// extra roots from the config (test CAs, corporate roots). Passing `ca` to Node
// replaces its default list, so the defaults are put back in explicitly.
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';

type TlsWithCaList = typeof tls & { getCACertificates?: (type: 'default') => string[] };

let defaultRoots: readonly string[] | null = null;
let lastExtra: { key: string; context: tls.SecureContext } | null = null;

/** Node 22.15+ lists its default store (bundled + NODE_EXTRA_CA_CERTS); older Node only the bundled one. */
function defaultCaCertificates(): readonly string[] {
  if (defaultRoots) return defaultRoots;
  const getList = (tls as TlsWithCaList).getCACertificates;
  if (typeof getList === 'function') {
    defaultRoots = getList('default');
    return defaultRoots;
  }
  const roots = [...tls.rootCertificates];
  const extraFile = process.env.NODE_EXTRA_CA_CERTS;
  if (extraFile) {
    try {
      roots.push(readFileSync(extraFile, 'utf8'));
    } catch {
      // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS; so do we, by ignoring it.
    }
  }
  defaultRoots = roots;
  return defaultRoots;
}

/**
 * A secure context trusting the default store plus `extraRoots`, or undefined
 * to keep Node's default. Built once per set of roots: parsing ~150 PEM roots
 * costs about 100 ms of CPU, far too much to repeat for every connection.
 */
export function trustedSecureContext(extraRoots: readonly string[] | undefined): tls.SecureContext | undefined {
  if (!extraRoots || extraRoots.length === 0) return undefined;
  const key = extraRoots.join('\n');
  if (lastExtra?.key === key) return lastExtra.context;
  const context = tls.createSecureContext({ ca: [...defaultCaCertificates(), ...extraRoots] });
  lastExtra = { key, context };
  return context;
}
