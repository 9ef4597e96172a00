// TLS sessions kept between rounds (by the Monitor, one store per run), so the next handshake with the same
// server resumes instead of sending and verifying the whole certificate chain
// again: most of a round's CPU on a quiet network. A session is used for a few
// minutes at most, and never past the certificate's end, so a certificate that
// changes (or expires) is seen by a full handshake soon after. A resumed
// handshake shows no certificate: the one of the full handshake is kept here.
import type { TlsResult } from '../contracts/probe-results';

export const SESSION_REUSE_MS = 10 * 60_000;
const MAX_SESSIONS = 512;

type Certificate = NonNullable<TlsResult['certificate']>;

interface Kept {
  session: Buffer | null;
  /** When the full handshake that began this chain of resumptions happened. */
  fullHandshakeAt: number;
  certificate: Certificate | null;
}

export function sessionKey(servername: string, address: string, port: number): string {
  return `${servername}|${address}|${port}`;
}

export class TlsSessions {
  private readonly sessions = new Map<string, Kept>();

  /** A session to resume, or undefined when there is none or it is time for a full handshake. */
  sessionFor(key: string, now = Date.now()): Buffer | undefined {
    const kept = this.sessions.get(key);
    if (!kept?.session) return undefined;
    const validTo = kept.certificate ? Date.parse(kept.certificate.validTo) : Number.NaN;
    if (now - kept.fullHandshakeAt > SESSION_REUSE_MS || now < kept.fullHandshakeAt || !(validTo > now)) {
      this.sessions.delete(key);
      return undefined;
    }
    return kept.session;
  }

  /** A full handshake verified this certificate: sessions from it may be resumed for a while. */
  fullHandshake(key: string, certificate: Certificate, now = Date.now()): void {
    this.store(key, { session: null, fullHandshakeAt: now, certificate });
  }

  /** The certificate a resumed session stands on (the full handshake's). */
  resumedCertificate(key: string): Certificate | undefined {
    return this.sessions.get(key)?.certificate ?? undefined;
  }

  /** Keeps a session ticket the server sent after a handshake whose certificate is known. */
  keepSession(key: string, session: Buffer): void {
    const kept = this.sessions.get(key);
    if (kept?.certificate) this.store(key, { ...kept, session });
  }

  /** A handshake that failed (or a server that changed): start afresh next time. */
  forget(key: string): void {
    this.sessions.delete(key);
  }

  private store(key: string, kept: Kept): void {
    this.sessions.delete(key);
    this.sessions.set(key, kept);
    // The oldest go first when too many servers were seen.
    while (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
  }
}
