// What the window may load: only files of the built renderer, under a strict
// Content-Security-Policy. Pure, so the rules are tested without Electron.
import { fileURLToPath } from 'node:url';
import { relative, isAbsolute, sep } from 'node:path';

/**
 * The page runs bundled scripts and styles from its own folder and nothing
 * else: no inline script, no eval, no network (the engine runs in main's
 * utility process and talks over IPC), no frames, no plugins.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * True for file:// URLs inside the renderer folder, blob: URLs (made by the
 * page itself, e.g. a report to save) and devtools' own pages.
 */
export function isAllowedRequestUrl(url: string, rendererDir: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'devtools:' || parsed.protocol === 'blob:') return true;
  if (parsed.protocol !== 'file:' || (parsed.host !== '' && parsed.host !== 'localhost')) return false;
  let path: string;
  try {
    path = fileURLToPath(parsed);
  } catch {
    return false;
  }
  const inside = relative(rendererDir, path);
  return inside !== '' && !inside.startsWith(`..${sep}`) && inside !== '..' && !isAbsolute(inside);
}

/** Response headers with our CSP set, replacing any the response carried. */
export function withContentSecurityPolicy(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = values;
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}

/** The one permission the window uses: copying the report to the clipboard. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Every permission is refused except ALLOWED_PERMISSIONS, and those only for our own page. */
export function isPermissionAllowed(
  permission: string,
  requestingUrl: string | undefined,
  rendererDir: string,
): boolean {
  return (
    ALLOWED_PERMISSIONS.has(permission) &&
    requestingUrl !== undefined &&
    isAllowedRequestUrl(requestingUrl, rendererDir) &&
    requestingUrl.startsWith('file:')
  );
}
