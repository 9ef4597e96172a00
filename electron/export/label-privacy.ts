// What a label value must never carry (docs/contracts.md section 7): IP
// addresses, URLs, host names, SSIDs, error text. The values the exported
// series use come from closed sets (kinds, layers, catalog ids) or from the
// config (app ids, resolver names, export.labels); this catches a configured
// name that is an address after all, before it leaves the machine.

const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}\b/;
/** Two hex groups around a colon, or `::` (an IPv6 address or a host:port). */
const IPV6_OR_PORT = /[0-9a-f]{0,4}:[0-9a-f]{0,4}:|::|[a-z0-9]:\d/i;
const URL_LIKE = /[a-z][a-z0-9+.-]*:\/\/|^\/|\//i;
/** A dotted name: two labels of letters, digits or hyphens. */
const HOST_NAME = /[a-z0-9-]+\.[a-z0-9-]*[a-z][a-z0-9-]*/i;
const E_MAIL = /@/;

/** The value could name a machine, a network or a place on the web. */
export function looksIdentifying(value: string): boolean {
  return [IPV4, IPV6_OR_PORT, URL_LIKE, HOST_NAME, E_MAIL].some((pattern) => pattern.test(value));
}

/** Error text is long and free-form; label values of ours are short tokens. */
const MAX_TOKEN = 64;

/** The value itself when it is a safe token, else the fallback (e.g. `public-2` for a resolver named by its address). */
export function safeLabelValue(value: string, fallback: string): string {
  return value.length <= MAX_TOKEN && !looksIdentifying(value) ? value : fallback;
}
