// Captive-portal check: fetch a URL whose answer is known (204 by default)
// without following redirects. A hotel or airport portal answers instead of
// the real server: with a redirect to its login page, or a page of its own.
import { isIP } from 'node:net';
import type { CaptivePortalProbe } from '../contracts/probe-results';
import { DEFAULT_CAPTIVE_PORTAL, type Config } from '../contracts/config';
import { settleUntilStopped, startDeadline } from './deadline';
import { probeHttp } from './http';

export interface CaptivePortalProbeOptions {
  captivePortal: Config['captivePortal'];
  timeoutMs: number;
  ca?: string[];
  /** Maps the check URL's host to one address (the round passes the system resolver); null when it cannot. */
  resolve?: (hostname: string) => Promise<string | null>;
  signal?: AbortSignal;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** True for an HTML page with a login form or sign-in wording: what portals serve instead of the expected answer. */
export function looksLikeLoginPage(body: string): boolean {
  const text = body.toLowerCase();
  if (!/<html|<!doctype html|<form/.test(text)) return false;
  return /type=["']?password|<form|log ?in|sign ?in|accept[^<]{0,40}terms/.test(text);
}

/** Waits for the resolver, but not past the timeout or an abort; undefined when cut short. */
async function resolveBounded(
  resolve: (hostname: string) => Promise<string | null>,
  hostname: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<string | null | undefined> {
  const deadline = startDeadline(timeoutMs, signal);
  try {
    return await settleUntilStopped(
      () => resolve(hostname),
      deadline.signal,
      () => undefined,
      () => null,
    );
  } finally {
    deadline.dispose();
  }
}

export async function probeCaptivePortal(options: CaptivePortalProbeOptions): Promise<CaptivePortalProbe> {
  const { captivePortal, timeoutMs, ca, resolve, signal } = options;
  if (captivePortal === 'off') {
    return {
      url: null,
      expectStatus: DEFAULT_CAPTIVE_PORTAL.expectStatus,
      outcome: 'off',
      status: null,
      location: null,
      http: null,
    };
  }
  const { url, expectStatus } = captivePortal;
  const failed: CaptivePortalProbe = { url, expectStatus, outcome: 'failed', status: null, location: null, http: null };

  let hostname: string;
  try {
    hostname = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return failed;
  }
  const startedAt = performance.now();
  let address: string | null | undefined = isIP(hostname) !== 0 ? hostname : null;
  if (address === null && resolve) address = await resolveBounded(resolve, hostname, timeoutMs, signal);
  if (!address) return failed;

  const remainingMs = Math.max(1, timeoutMs - (performance.now() - startedAt));
  // maxRedirects 0: the first redirect is the evidence, never followed.
  const http = await probeHttp({
    url,
    address,
    timeoutMs: remainingMs,
    maxRedirects: 0,
    ...(ca ? { ca } : {}),
    ...(signal ? { signal } : {}),
  });
  const answered = http.outcome === 'response' || http.outcome === 'too-many-redirects';
  if (!answered || http.status === null) return { ...failed, http };

  const status = http.status;
  const location = http.headers.location ?? null;
  if (REDIRECT_STATUSES.has(status)) return { url, expectStatus, outcome: 'intercepted', status, location, http };
  if (status !== expectStatus) return { url, expectStatus, outcome: 'intercepted', status, location, http };
  // A 204 has no body; a check that expects a page can still be answered by a portal's login page.
  if (expectStatus !== 204 && looksLikeLoginPage(http.bodySnippet)) {
    return { url, expectStatus, outcome: 'intercepted', status, location, http };
  }
  return { url, expectStatus, outcome: 'ok', status, location, http };
}
