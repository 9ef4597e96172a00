// DNSSEC for a lab zone, made at test time with ldns (Debian ldnsutils): a
// key-signing and a zone-signing key (ECDSA P-256), the zone signed with them,
// and the DS record validating resolvers take as their trust anchor. The same
// keys sign again with other dates, so a zone can break the way real zones do:
// signatures that expired.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './lab-shell';

export interface ZoneKeys {
  origin: string;
  /** Base paths without extension (ldns writes .key, .private, .ds beside them). */
  ksk: string;
  zsk: string;
  /** The KSK's DS record, one line: what a validating resolver is told to trust. */
  ds: string;
}

/** How the signatures are dated: valid around now, or expired a year ago. */
export type Signing = 'valid' | 'expired';

const DAY_MS = 24 * 60 * 60 * 1000;

function ldnsDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

async function keygen(origin: string, directory: string, ksk: boolean): Promise<string> {
  const before = new Set(await readdir(directory));
  await run('ldns-keygen', ['-a', 'ECDSAP256SHA256', ...(ksk ? ['-k'] : []), '-r', '/dev/urandom', origin], undefined, {
    cwd: directory,
  });
  const made = (await readdir(directory)).find((file) => !before.has(file) && file.endsWith('.key'));
  if (!made) throw new Error(`ldns-keygen made no key for ${origin}`);
  return join(directory, made.replace(/\.key$/, ''));
}

export async function makeZoneKeys(origin: string, directory: string): Promise<ZoneKeys> {
  const ksk = await keygen(origin, directory, true);
  const zsk = await keygen(origin, directory, false);
  const ds = (await readFile(`${ksk}.ds`, 'utf8')).trim();
  return { origin, ksk, zsk, ds };
}

/** Signs `zoneFile` into `signedFile`, with signatures valid now or expired long ago. */
export async function signZone(
  keys: ZoneKeys,
  zoneFile: string,
  signedFile: string,
  signing: Signing,
  now = Date.now(),
): Promise<void> {
  const [inception, expiration] =
    signing === 'valid' ? [now - DAY_MS, now + 30 * DAY_MS] : [now - 400 * DAY_MS, now - 365 * DAY_MS];
  await run('ldns-signzone', [
    '-i',
    ldnsDate(inception),
    '-e',
    ldnsDate(expiration),
    '-o',
    keys.origin,
    '-f',
    signedFile,
    zoneFile,
    keys.zsk,
    keys.ksk,
  ]);
}

/** The trust anchor file a validating resolver reads (the KSK's DS record). */
export async function writeTrustAnchors(path: string, keys: ZoneKeys[]): Promise<void> {
  await writeFile(path, `${keys.map((k) => k.ds).join('\n')}\n`);
}
