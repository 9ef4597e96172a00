// Messages between the main process and the engine's utility process. Both
// ends check what they receive: a crashed or confused engine must not be able
// to drive main, and main's calls are checked again before the engine acts.
import { z } from 'zod';
import { BRIDGE_CALLS, PROBLEM_KINDS, type AppState, type BridgeCall } from '../../contracts/bridge';
import { monitorNotificationSchema, type MonitorNotification } from './notification-model';

/** Calls the engine answers; start at login is main's own business. */
export const HOST_CALLS = BRIDGE_CALLS.filter((call): call is HostCall => call !== 'setStartAtLogin');
export type HostCall = Exclude<BridgeCall, 'setStartAtLogin'>;

export const NETWORK_CHANGE_REASONS = ['resume', 'unlock', 'online', 'offline'] as const;
export type NetworkChangeReason = (typeof NETWORK_CHANGE_REASONS)[number];

/** A round asks main which proxy each URL goes through (Electron's resolveProxy: system settings and PAC). */
export const MAX_PROXY_URLS = 500;
const MAX_URL_CHARS = 2048;

export type ToHost =
  | { type: 'call'; id: number; call: HostCall; args: unknown[] }
  /** resolveProxy's answers (`DIRECT`, `PROXY host:port; ...`) for a `resolve-proxies` request. */
  | { type: 'proxies'; id: number; answers: [string, string][] }
  | { type: 'network-changed'; reason: NetworkChangeReason }
  | { type: 'stop' };

export type FromHost =
  | { type: 'ready' }
  | { type: 'state'; state: AppState }
  | { type: 'notification'; notification: MonitorNotification }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; problem: string }
  | { type: 'resolve-proxies'; id: number; urls: string[] }
  | { type: 'fatal'; problem: string };

const callId = z.number().int().nonnegative();

export const toHostSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('call'),
    id: callId,
    call: z.enum(HOST_CALLS as [HostCall, ...HostCall[]]),
    args: z.array(z.unknown()),
  }),
  z.strictObject({
    type: z.literal('proxies'),
    id: callId,
    answers: z.array(z.tuple([z.string().max(MAX_URL_CHARS), z.string().max(MAX_URL_CHARS)])).max(MAX_PROXY_URLS),
  }),
  z.strictObject({ type: z.literal('network-changed'), reason: z.enum(NETWORK_CHANGE_REASONS) }),
  z.strictObject({ type: z.literal('stop') }),
]);

/** The state's shape is the engine's contract; main checks the parts it reads. */
const appStateSchema = z.looseObject({
  phase: z.enum(['starting', 'checking', 'idle', 'paused', 'offline-backoff']),
  pausedUntil: z.string().nullable(),
  diagnosis: z
    .looseObject({
      verdict: z.looseObject({ kind: z.string(), scope: z.string(), summary: z.string() }),
      apps: z.array(z.looseObject({ name: z.string(), status: z.enum(['up', 'degraded', 'down', 'unknown']) })),
    })
    .nullable(),
  progress: z.looseObject({ done: z.number(), total: z.number() }),
  language: z.enum(['en', 'ar']),
  problems: z.array(z.looseObject({ kind: z.enum(PROBLEM_KINDS), message: z.string(), at: z.string() })),
});

export const fromHostSchema = z.union([
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('state'), state: appStateSchema }),
  z.strictObject({ type: z.literal('notification'), notification: monitorNotificationSchema }),
  z.strictObject({ type: z.literal('reply'), id: callId, ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ type: z.literal('reply'), id: callId, ok: z.literal(false), problem: z.string() }),
  z.strictObject({
    type: z.literal('resolve-proxies'),
    id: callId,
    urls: z.array(z.string().max(MAX_URL_CHARS)).max(MAX_PROXY_URLS),
  }),
  z.strictObject({ type: z.literal('fatal'), problem: z.string() }),
]);

export function parseFromHost(message: unknown): FromHost | null {
  const parsed = fromHostSchema.safeParse(message);
  // The schema checks the fields main reads; the rest of AppState passes through as sent.
  return parsed.success ? (parsed.data as FromHost) : null;
}

export function parseToHost(message: unknown): ToHost | null {
  const parsed = toHostSchema.safeParse(message);
  return parsed.success ? parsed.data : null;
}

/** How the engine process is started: its argv after the script. */
export interface HostOptions {
  dataDir: string;
  configPath: string;
  systemLocale: string;
}

export function hostArguments(options: HostOptions): string[] {
  return ['--data-dir', options.dataDir, '--config', options.configPath, '--locale', options.systemLocale];
}
