// The clean-up every feed's text gets before it can reach the window: dates
// as ISO, titles on one line without control characters, links only http(s).
const MAX_TITLE_CHARS = 300;

export function isoOrNull(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const millis = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(millis) ? new Date(millis).toISOString() : null;
}

/** Control characters and bidi overrides could garble or spoof what the window shows. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** One line, safe characters, bounded; null when nothing is left. */
export function cleanTitle(text: string): string | null {
  const oneLine = text.replace(/\s+/g, ' ').replace(UNSAFE_CHARACTERS, '').trim();
  if (oneLine === '') return null;
  return oneLine.length > MAX_TITLE_CHARS ? `${oneLine.slice(0, MAX_TITLE_CHARS - 1)}…` : oneLine;
}

/** Links from a feed end up in the window: only http(s) ones are kept, resolved against `base`. */
export function safeLink(text: string | null | undefined, base: string): string | null {
  if (!text) return null;
  try {
    const url = new URL(text, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
