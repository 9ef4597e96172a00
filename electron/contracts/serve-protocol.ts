// The HTTP form of the Bridge that `outage-watch serve` speaks and the
// window's HTTP bridge calls. Pure constants and types: both sides import it.
import type { BridgeCall } from './bridge';

/** Every call is `POST /api/call/<name>` with `{ "args": [...] }`; the answer is `{ "result": ... }` or `{ "error": "..." }`. */
export const CALL_PATH_PREFIX = '/api/call/';
/** Server-sent events: `event: state` with an AppState, `event: demo` with a DemoState. */
export const EVENTS_PATH = '/api/events';
/** GET: DemoState, or null outside demo mode; POST `{ "scenario": id }` switches. */
export const DEMO_PATH = '/api/demo';
/** The token travels in this header or in the cookie `TOKEN_COOKIE_PREFIX + port`. */
export const TOKEN_HEADER = 'x-outage-watch-token';
export const TOKEN_COOKIE_PREFIX = 'outage_watch_token_';

export function callPath(call: BridgeCall): string {
  return `${CALL_PATH_PREFIX}${call}`;
}

export const DEMO_SCENARIOS = [
  'all-fine',
  'offline-like',
  'dns-broken-locally',
  'aws-like-outage',
  'fastly-like-outage',
  'one-app-down',
  'filter-blocks-app',
] as const;
export type DemoScenario = (typeof DEMO_SCENARIOS)[number];

export interface DemoState {
  scenarios: DemoScenario[];
  current: DemoScenario;
  /** True while the fakes are being reconfigured and the check after it runs. */
  switching: boolean;
}
