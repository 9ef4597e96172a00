// TLS probe: connect (or take the TCP probe's connection, or a proxy's
// tunnel), handshake with SNI, verify the chain and the name, and name what is
// wrong with the certificate (expired, wrong host, untrusted) instead of a
// generic failure. The probe sends nothing after the handshake; the HTTP probe
// may use the connection. Sessions resume between rounds (tls-sessions.ts).
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import type { TlsOutcome, TlsResult } from '../contracts/probe-results';
import { connectFailureFromCode, elapsedMs, errorCodeOf } from './errors';
import { ABORTED_CODE, startDeadline, untilStopped } from './deadline';
import { NOT_AN_ADDRESS_CODE } from './tcp';
import { sessionKey, type TlsSessions } from './tls-sessions';
import { trustedSecureContext } from './trust';

export interface TlsProbeOptions {
  /** The name the certificate must carry; sent as SNI unless it is an IP literal. */
  servername: string;
  /** An IP literal. */
  address: string;
  port: number;
  timeoutMs: number;
  /** Extra PEM roots trusted in addition to the default store. */
  ca?: string[];
  signal?: AbortSignal;
  /**
   * An open connection to shake hands over instead of connecting to
   * address:port (the TCP probe's, or a proxy's tunnel); the probe owns it from here.
   */
  socket?: Duplex;
  /** Sessions to resume and keep (the Monitor's); without it every handshake is a full one. */
  sessions?: TlsSessions;
}

const EXPIRED_CODES = new Set(['CERT_HAS_EXPIRED']);
const NOT_YET_VALID_CODES = new Set(['CERT_NOT_YET_VALID']);
const WRONG_HOST_CODES = new Set([
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_TLS_CERT_ALTNAME_FORMAT',
  'HOSTNAME_MISMATCH',
  'IP_ADDRESS_MISMATCH',
]);
const UNTRUSTED_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_REVOKED',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'CERT_CHAIN_TOO_LONG',
]);

/** Names a certificate or handshake problem from the error code Node reports. */
export function tlsOutcomeFromCode(code: string | undefined): TlsOutcome {
  if (code === undefined) return 'error';
  if (EXPIRED_CODES.has(code)) return 'expired';
  if (NOT_YET_VALID_CODES.has(code)) return 'not-yet-valid';
  if (WRONG_HOST_CODES.has(code)) return 'wrong-host';
  if (UNTRUSTED_CODES.has(code)) return 'untrusted';
  if (code.startsWith('ERR_SSL_') || code === 'EPROTO' || code.startsWith('ERR_TLS_')) return 'handshake-failed';
  const failure = connectFailureFromCode(code);
  if (failure === 'unreachable') return 'error';
  return failure;
}

/** "CN=example.com, O=Example" from Node's parsed name object (values may repeat as arrays). */
export function formatDistinguishedName(name: Record<string, string | string[] | undefined> | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .flatMap(([field, value]) =>
      (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => `${field}=${v}`),
    )
    .join(', ');
}

function isoDate(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

function describeCertificate(socket: tls.TLSSocket): TlsResult['certificate'] {
  const cert = socket.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) return undefined;
  return {
    subject: formatDistinguishedName(cert.subject as unknown as Record<string, string | string[]>),
    issuer: formatDistinguishedName(cert.issuer as unknown as Record<string, string | string[]>),
    validFrom: isoDate(cert.valid_from),
    validTo: isoDate(cert.valid_to),
  };
}

export async function probeTls(options: TlsProbeOptions): Promise<TlsResult> {
  return (await probeTlsOpen(options, false)).result;
}

/** The probe, and with `keepOpen` the verified connection for the HTTP probe (the caller then destroys it). */
export async function probeTlsOpen(
  options: TlsProbeOptions,
  keepOpen: boolean,
): Promise<{ result: TlsResult; socket: tls.TLSSocket | null }> {
  const { servername, address, port, timeoutMs, ca, signal, sessions } = options;
  const startedAt = performance.now();
  const record = (outcome: TlsOutcome, extra: Partial<TlsResult> = {}): TlsResult => ({
    kind: 'tls',
    servername,
    address,
    port,
    outcome,
    latencyMs: elapsedMs(startedAt),
    ...extra,
  });

  if (isIP(address) === 0 && !options.socket)
    return { result: record('error', { errorCode: NOT_AN_ADDRESS_CODE }), socket: null };
  const deadline = startDeadline(timeoutMs, signal);
  const key = sessionKey(servername, address, port);
  let kept: tls.TLSSocket | null = null;
  try {
    const result = await untilStopped(
      deadline.signal,
      (reason) => (reason === 'timeout' ? record('timeout') : record('error', { errorCode: ABORTED_CODE })),
      (finish) => {
        // Verification runs in full (chain, dates, then the name); the socket is
        // only told not to throw on failure so the certificate can be reported.
        // The probe writes no application data to it.
        const session = sessions?.sessionFor(key);
        const socket = tls.connect({
          ...(options.socket ? { socket: options.socket } : { host: address, port }),
          ...(isIP(servername) === 0 ? { servername } : {}),
          ...(session ? { session } : {}),
          secureContext: trustedSecureContext(ca),
          rejectUnauthorized: false,
          checkServerIdentity: (_host, cert) => tls.checkServerIdentity(servername, cert),
        });
        // TLS 1.3 sends its tickets after the handshake, with the first data: keep the latest.
        if (sessions) socket.on('session', (ticket: Buffer) => sessions.keepSession(key, ticket));
        socket.once('secureConnect', () => {
          const protocol = socket.getProtocol() ?? undefined;
          const resumed = socket.isSessionReused();
          const certificate = resumed ? sessions?.resumedCertificate(key) : describeCertificate(socket);
          const details = { ...(protocol ? { protocol } : {}), ...(certificate ? { certificate } : {}) };
          if (socket.authorized) {
            if (!resumed && certificate) sessions?.fullHandshake(key, certificate);
            if (keepOpen) kept = socket;
            finish(record('ok', details));
            return;
          }
          sessions?.forget(key);
          const failure = socket.authorizationError as unknown;
          const code = typeof failure === 'string' ? failure : (errorCodeOf(failure) ?? String(failure));
          // A verification failure Node names in a way we do not know is still a failure of trust.
          const outcome = tlsOutcomeFromCode(code);
          finish(record(outcome === 'error' ? 'untrusted' : outcome, { ...details, errorCode: code }));
        });
        socket.on('error', (error) => {
          sessions?.forget(key);
          const code = errorCodeOf(error);
          finish(record(tlsOutcomeFromCode(code), code === undefined ? {} : { errorCode: code }));
        });
        return () => {
          if (kept !== socket) socket.destroy();
        };
      },
    );
    if (!kept) options.socket?.destroy();
    return { result, socket: kept };
  } finally {
    deadline.dispose();
  }
}
