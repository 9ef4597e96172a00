// The config of docs/contracts.md section 3. Pure (zod only) so the renderer can
// validate as the user types with exactly the rules the engine applies.
import { z } from 'zod';

export const DEFAULT_PUBLIC_RESOLVERS = [
  { name: 'Cloudflare', address: '1.1.1.1' },
  { name: 'Google', address: '8.8.8.8' },
  { name: 'Quad9', address: '9.9.9.9' },
] as const;

export const DEFAULT_CONTROLS = [
  'https://www.google.com/generate_204',
  'https://www.cloudflare.com/cdn-cgi/trace',
] as const;

export const DEFAULT_CAPTIVE_PORTAL = {
  url: 'http://connectivitycheck.gstatic.com/generate_204',
  expectStatus: 204,
} as const;

export const DEFAULT_APPS = ['zoom', 'slack', 'netflix', 'primevideo', 'alexa'] as const;

const ipv4 = z.ipv4();
const ipv6 = z.ipv6();

export interface HostPort {
  address: string;
  port: number;
}

/** Parses `1.2.3.4`, `1.2.3.4:53`, `::1`, `[::1]:53`. Returns an error message or the parts. */
export function parseAddress(text: string, defaultPort: number): HostPort | { error: string } {
  const trimmed = text.trim();
  let host = trimmed;
  let portText: string | null = null;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(trimmed);
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2] ?? null;
  } else if ((trimmed.match(/:/g) ?? []).length === 1) {
    const at = trimmed.indexOf(':');
    host = trimmed.slice(0, at);
    portText = trimmed.slice(at + 1);
  }
  const isV4 = ipv4.safeParse(host).success;
  const isV6 = ipv6.safeParse(host).success;
  if (!isV4 && !isV6)
    return { error: `"${text}" is not an IP address (examples: 192.0.2.1, 192.0.2.1:5353, [2001:db8::1]:53)` };
  if (bracketed && !isV6) return { error: `"${text}": brackets are only for IPv6 addresses` };
  let port = defaultPort;
  if (portText !== null) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      return { error: `"${text}" has a bad port (1-65535)` };
    }
    port = Number(portText);
  }
  return { address: host, port };
}

function addressString(defaultPort: number) {
  return z.string().superRefine((value, ctx) => {
    const parsed = parseAddress(value, defaultPort);
    if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
  });
}

export type ProbeUrlProblemCode = 'not-a-url' | 'scheme' | 'no-host' | 'credentials' | 'bad-host';

/** Why a probe URL is unusable: a code for translated UI messages, and an English message for the CLI. */
export function probeUrlProblem(text: string): { code: ProbeUrlProblemCode; message: string } | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { code: 'not-a-url', message: `"${text}" is not a URL (example: https://status.example.com/health)` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { code: 'scheme', message: `"${text}" must start with http:// or https://` };
  }
  if (!url.hostname) return { code: 'no-host', message: `"${text}" has no host name` };
  if (url.username || url.password) {
    return { code: 'credentials', message: `"${text}" must not carry a user name or password` };
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!ipv4.safeParse(host).success && !ipv6.safeParse(host).success && !isHostname(host)) {
    return { code: 'bad-host', message: `"${text}" has an invalid host name "${url.hostname}"` };
  }
  return null;
}

/** Validates a probe URL: http(s), a host, a valid port; returns an error message or null. */
export function checkProbeUrl(text: string): string | null {
  return probeUrlProblem(text)?.message ?? null;
}

/** One label (1-63 letters, digits, hyphens; `_` for service names), then more after dots. */
const HOSTNAME = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*$/i;

/**
 * RFC 1123 host name: labels of letters, digits and hyphens, 1-63 each, 253
 * in all. One expression, made once: every DNS question and PTR answer of
 * the engine goes through here (hundreds a minute).
 */
export function isHostname(name: string): boolean {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  return bare.length > 0 && bare.length <= 253 && HOSTNAME.test(bare);
}

const probeUrl = z.string().superRefine((value, ctx) => {
  const problem = checkProbeUrl(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const appId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'an app id is 1-40 lower-case letters, digits or hyphens');

export const customAppSchema = z.strictObject({
  id: appId,
  name: z.string().trim().min(1, 'a name is needed').max(60),
  url: probeUrl,
  provider: z
    .string()
    .regex(/^[a-z0-9-]{1,30}$/, 'a provider id is lower-case letters, digits or hyphens')
    .optional(),
  region: z
    .string()
    .regex(/^[a-z0-9-]{1,30}$/, 'a region looks like us-east-1')
    .optional(),
  /** Only the system resolver knows the name (an intranet, a VPN's zone): judged by it alone. */
  internal: z.boolean().optional(),
});

/** A canary of the user's own: a provider's endpoint built for traffic (their service's health check in its region). */
export const customCanarySchema = z.strictObject({
  id: appId,
  name: z.string().trim().min(1, 'a name is needed').max(60),
  url: probeUrl,
  provider: z.string().regex(/^[a-z0-9-]{1,30}$/, 'a provider id is lower-case letters, digits or hyphens'),
  region: z
    .string()
    .regex(/^[a-z0-9-]{1,30}$/, 'a region looks like us-east-1')
    .optional(),
});

export const MAX_CUSTOM_CANARIES = 16;

/** The port `/metrics` listens on when the address names none (the one OpenTelemetry's Prometheus exporter uses). */
export const DEFAULT_METRICS_PORT = 9464;
export const DEFAULT_REMOTE_WRITE_INTERVAL_SECONDS = 60;
export const MAX_EXPORT_LABELS = 8;
export const MAX_EXPORT_LABEL_NAME = 40;
/** In UTF-16 code units, as JavaScript counts a string's length. */
export const MAX_EXPORT_LABEL_VALUE = 64;

/** Label names the exported series use themselves (docs/contracts.md section 7), and Prometheus's own. */
export const RESERVED_EXPORT_LABELS = [
  'kind',
  'scope',
  'layer',
  'provider',
  'region',
  'app',
  'resolver',
  'role',
  'type',
  'version',
  'le',
] as const;

export type ExportLabelProblemCode = 'name-format' | 'name-reserved' | 'value-empty' | 'value-long' | 'value-format';

/** Why an `export.labels` entry is refused: a code for translated UI messages, and an English message for the CLI. */
export function exportLabelProblem(
  name: string,
  value: string,
): { code: ExportLabelProblemCode; message: string } | null {
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name) || name.length > MAX_EXPORT_LABEL_NAME || name.startsWith('__'))
    return {
      code: 'name-format',
      message: `"${name}" is not a label name (1-${MAX_EXPORT_LABEL_NAME} letters, digits and _, not starting with a digit or __)`,
    };
  if ((RESERVED_EXPORT_LABELS as readonly string[]).includes(name))
    return { code: 'name-reserved', message: `"${name}" is a label the exported series use themselves` };
  if (value.length === 0) return { code: 'value-empty', message: 'a label needs a value' };
  if (value.length > MAX_EXPORT_LABEL_VALUE)
    return { code: 'value-long', message: `the value is longer than ${MAX_EXPORT_LABEL_VALUE} characters` };
  // No dots, colons, slashes or @: a value can carry no IP address, URL, host name or e-mail address.
  if (!/^[\p{L}\p{N}][\p{L}\p{N}\p{M} _-]*$/u.test(value))
    return {
      code: 'value-format',
      message: `"${value}" must start with a letter or digit and hold only letters, digits, spaces, - and _ (no addresses or host names)`,
    };
  return null;
}

/** `host:port` or `[v6]:port` (an IP literal; the port defaults to 9464) for `/metrics`. */
export function listenAddressProblem(text: string): string | null {
  const parsed = parseAddress(text, DEFAULT_METRICS_PORT);
  return 'error' in parsed ? parsed.error : null;
}

/** Loopback addresses, where a token may travel over plain http without leaving the machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

const listenAddress = z.string().superRefine((value, ctx) => {
  const problem = listenAddressProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const exportLabels = z.record(z.string(), z.string()).superRefine((labels, ctx) => {
  const entries = Object.entries(labels);
  if (entries.length > MAX_EXPORT_LABELS)
    ctx.addIssue({ code: 'custom', message: `at most ${MAX_EXPORT_LABELS} labels` });
  for (const [name, value] of entries) {
    const problem = exportLabelProblem(name, value);
    if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem.message });
  }
});

const remoteWriteSchema = z
  .strictObject({
    url: probeUrl,
    bearerTokenFile: z.string().trim().min(1, 'a token file path is needed (or null)').nullable().default(null),
    intervalSeconds: z.number().int().min(5).max(3600).default(DEFAULT_REMOTE_WRITE_INTERVAL_SECONDS),
  })
  .superRefine((remoteWrite, ctx) => {
    const url = URL.parse(remoteWrite.url);
    if (remoteWrite.bearerTokenFile !== null && url && url.protocol === 'http:' && !isLoopbackHost(url.hostname))
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: 'a bearer token is sent only over https:// (or to this computer over http://)',
      });
  });

export const exportSchema = z.strictObject({
  prometheus: z
    .strictObject({ listen: listenAddress.default(`127.0.0.1:${DEFAULT_METRICS_PORT}`) })
    .nullable()
    .default(null),
  remoteWrite: remoteWriteSchema.nullable().default(null),
  labels: exportLabels.default({}),
});

export type ExportConfig = z.output<typeof exportSchema>;
export type RemoteWriteConfig = NonNullable<ExportConfig['remoteWrite']>;

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM (24-hour)');

export const configSchema = z.strictObject({
  apps: z.array(z.union([appId, customAppSchema])).default([...DEFAULT_APPS]),
  resolvers: z
    .strictObject({
      system: z.union([z.literal('auto'), z.array(addressString(53)).min(1)]).default('auto'),
      public: z
        .array(z.strictObject({ name: z.string().trim().min(1).max(40), address: addressString(53) }))
        .default(DEFAULT_PUBLIC_RESOLVERS.map((r) => ({ ...r }))),
    })
    .default({ system: 'auto', public: DEFAULT_PUBLIC_RESOLVERS.map((r) => ({ ...r })) }),
  controls: z.array(probeUrl).default([...DEFAULT_CONTROLS]),
  captivePortal: z
    .union([
      z.literal('off'),
      z.strictObject({
        url: probeUrl,
        expectStatus: z.number().int().min(100).max(599).default(204),
      }),
    ])
    .default({ ...DEFAULT_CAPTIVE_PORTAL }),
  gateway: z.union([z.literal('auto'), z.literal('off'), addressString(0)]).default('auto'),
  intervalSeconds: z.number().int().min(5).max(3600).default(30),
  timeoutMs: z.number().int().min(100).max(60000).default(3000),
  language: z.enum(['auto', 'en', 'ar']).default('auto'),
  /** PEM file whose certificates probes trust in addition to the system's (test CAs, corporate roots). */
  trustedCaFile: z.string().min(1).nullable().default(null),
  /**
   * Provider canaries: "auto" = the catalog's canaries of the providers (and
   * regions) the watched apps are on; true = every catalog canary; false =
   * none; a list = these instead.
   */
  canaries: z
    .union([z.literal('auto'), z.boolean(), z.array(customCanarySchema).max(MAX_CUSTOM_CANARIES)])
    .default('auto'),
  notifications: z
    .strictObject({
      enabled: z.boolean().default(true),
      mutedApps: z.array(appId).default([]),
      quietHours: z.strictObject({ start: timeOfDay, end: timeOfDay }).nullable().default(null),
      cooldownMinutes: z.number().int().min(0).max(1440).default(15),
    })
    .default({ enabled: true, mutedApps: [], quietHours: null, cooldownMinutes: 15 }),
  historyDays: z.number().int().min(1).max(365).default(30),
  /** Fleet export (docs/contracts.md section 7): everything off by default. */
  export: exportSchema.default({ prometheus: null, remoteWrite: null, labels: {} }),
});

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
export type CustomApp = z.output<typeof customAppSchema>;
export type CustomCanary = z.output<typeof customCanarySchema>;
export type AppEntry = Config['apps'][number];

export type ConfigCheck = { ok: true; config: Config } | { ok: false; problem: string };

/** One line naming the first problem, e.g. `resolvers.public[1].address: "8.8.8" is not an IP address`. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return `${path ? `${path}: ` : ''}unknown key ${keys}`;
  }
  return `${path || 'config'}: ${issue.message}`;
}

export function checkConfig(input: unknown): ConfigCheck {
  const result = configSchema.safeParse(input);
  if (result.success) {
    const ids = new Set<string>();
    for (const entry of result.data.apps) {
      const id = typeof entry === 'string' ? entry : entry.id;
      if (ids.has(id)) return { ok: false, problem: `apps: "${id}" is listed twice` };
      ids.add(id);
    }
    return { ok: true, config: result.data };
  }
  const first = result.error.issues[0];
  return { ok: false, problem: first ? describeIssue(first) : 'config: invalid' };
}

export function defaultConfig(): Config {
  const check = checkConfig({});
  if (!check.ok) throw new Error(check.problem);
  return check.config;
}
