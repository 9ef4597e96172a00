// Field checks for Settings, as message keys in the window's language. The
// decision is always the engine's own rule (contracts/config.ts); this only
// names which part of the rule failed so the message can be translated.
import {
  checkProbeUrl,
  customAppSchema,
  exportLabelProblem,
  isLoopbackHost,
  listenAddressProblem,
  MAX_EXPORT_LABEL_NAME,
  MAX_EXPORT_LABEL_VALUE,
  MAX_EXPORT_LABELS,
  parseAddress,
  type AppEntry,
  type Config,
} from '../electron/contracts/config';

export type FieldError = { key: string; params?: Record<string, string | number> } | null;

export function urlError(text: string): FieldError {
  if (text.trim() === '') return { key: 'settings.errors.urlRequired' };
  if (checkProbeUrl(text) === null) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { key: 'settings.errors.notUrl' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { key: 'settings.errors.scheme' };
  if (url.username || url.password) return { key: 'settings.errors.credentials' };
  // The URL parser percent-encodes what it cannot use; quote what the person typed.
  return { key: 'settings.errors.host', params: { value: text.trim() } };
}

export function addressError(text: string, defaultPort = 53): FieldError {
  if (text.trim() === '') return { key: 'settings.errors.addressRequired' };
  return 'error' in parseAddress(text, defaultPort)
    ? { key: 'settings.errors.address', params: { value: text.trim() } }
    : null;
}

export function intervalError(seconds: number): FieldError {
  return Number.isInteger(seconds) && seconds >= 5 && seconds <= 3600
    ? null
    : { key: 'settings.errors.interval', params: { min: 5, max: 3600 } };
}

export function entryId(entry: AppEntry): string {
  return typeof entry === 'string' ? entry : entry.id;
}

/** A stable id for a custom app, from its host name, unique among the watched apps. */
export function customAppId(url: string, taken: ReadonlySet<string>): string {
  let host = 'app';
  try {
    host = new URL(url).hostname;
  } catch {
    // An invalid URL is reported by urlError; the id only has to be well-formed.
  }
  const base =
    host
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 34) || 'app';
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  return id;
}

export interface CustomAppDraft {
  name: string;
  url: string;
  provider: string;
  region: string;
}

export interface CustomAppErrors {
  name: FieldError;
  url: FieldError;
  provider: FieldError;
  region: FieldError;
}

export function customAppErrors(draft: CustomAppDraft): CustomAppErrors {
  return {
    name:
      draft.name.trim() === ''
        ? { key: 'settings.errors.nameRequired' }
        : draft.name.trim().length > 60
          ? { key: 'settings.errors.nameLong', params: { max: 60 } }
          : null,
    url: urlError(draft.url),
    provider:
      draft.provider === '' || /^[a-z0-9-]{1,30}$/.test(draft.provider) ? null : { key: 'settings.errors.provider' },
    region: draft.region === '' || /^[a-z0-9-]{1,30}$/.test(draft.region) ? null : { key: 'settings.errors.region' },
  };
}

/** The custom app the engine would accept, or null while any field is wrong. */
export function buildCustomApp(draft: CustomAppDraft, taken: ReadonlySet<string>) {
  const candidate = {
    id: customAppId(draft.url, taken),
    name: draft.name.trim(),
    url: draft.url.trim(),
    ...(draft.provider ? { provider: draft.provider } : {}),
    ...(draft.region ? { region: draft.region } : {}),
  };
  const parsed = customAppSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

/** Addresses as typed in one field, separated by spaces or commas. */
export function splitAddresses(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** The system resolvers field as it starts for a saved config ("auto" shows empty). */
export function systemResolversText(config: Config): string {
  return config.resolvers.system === 'auto' ? '' : config.resolvers.system.join(' ');
}

/** One row of export.labels as typed; rows with no name yet are not in the config. */
export interface LabelRow {
  name: string;
  value: string;
}

export function labelRowsOf(config: Config): LabelRow[] {
  return Object.entries(config.export.labels).map(([name, value]) => ({ name, value }));
}

/** The labels the config keeps: every row with a name (its checks say what is wrong with it). */
export function labelsFromRows(rows: LabelRow[]): Record<string, string> {
  return Object.fromEntries(rows.filter((row) => row.name.trim() !== '').map((row) => [row.name.trim(), row.value]));
}

export function listenError(text: string): FieldError {
  if (text.trim() === '') return { key: 'settings.errors.addressRequired' };
  return listenAddressProblem(text) === null ? null : { key: 'settings.errors.listen', params: { value: text.trim() } };
}

function remoteWriteUrlError(remoteWrite: NonNullable<Config['export']['remoteWrite']>): FieldError {
  const problem = urlError(remoteWrite.url);
  if (problem) return problem;
  const url = new URL(remoteWrite.url);
  return remoteWrite.bearerTokenFile !== null && url.protocol === 'http:' && !isLoopbackHost(url.hostname)
    ? { key: 'settings.errors.tokenNeedsHttps' }
    : null;
}

export function labelRowErrors(rows: LabelRow[]): { name: FieldError; value: FieldError }[] {
  const seen = new Map<string, number>();
  for (const row of rows) seen.set(row.name.trim(), (seen.get(row.name.trim()) ?? 0) + 1);
  return rows.map((row): { name: FieldError; value: FieldError } => {
    const name = row.name.trim();
    if (name === '') return { name: { key: 'settings.errors.labelNameRequired' }, value: null };
    if ((seen.get(name) ?? 0) > 1)
      return { name: { key: 'settings.errors.labelTwice', params: { name } }, value: null };
    const problem = exportLabelProblem(name, row.value);
    if (!problem) return { name: null, value: null };
    const key = `settings.errors.label.${problem.code}`;
    return problem.code.startsWith('name')
      ? { name: { key, params: { name, max: MAX_EXPORT_LABEL_NAME } }, value: null }
      : { name: null, value: { key, params: { max: MAX_EXPORT_LABEL_VALUE } } };
  });
}

/** Every field error of the Settings draft, by card. */
export interface DraftErrors {
  resolvers: {
    system: FieldError;
    public: { name: FieldError; address: FieldError }[];
  };
  interval: FieldError;
  export: {
    listen: FieldError;
    remoteWriteUrl: FieldError;
    remoteWriteInterval: FieldError;
    labels: { name: FieldError; value: FieldError }[];
    labelCount: FieldError;
  };
}

/**
 * The draft's field errors. The system resolvers are judged by what was typed
 * (`systemText`): the config keeps the last list that parsed.
 */
export function draftErrors(
  config: Config,
  systemText: string,
  labelRows: LabelRow[] = labelRowsOf(config),
): DraftErrors {
  const systemAddresses = splitAddresses(systemText);
  const system: FieldError =
    config.resolvers.system === 'auto'
      ? null
      : systemAddresses.length === 0
        ? { key: 'settings.errors.addressRequired' }
        : (systemAddresses.map((address) => addressError(address)).find((error) => error !== null) ?? null);
  return {
    resolvers: {
      system,
      public: config.resolvers.public.map((resolver) => ({
        name: resolver.name.trim() === '' ? { key: 'settings.errors.nameRequired' } : null,
        address: addressError(resolver.address),
      })),
    },
    interval: intervalError(config.intervalSeconds),
    export: exportErrors(config.export, labelRows),
  };
}

function exportErrors(exported: Config['export'], labelRows: LabelRow[]): DraftErrors['export'] {
  const { prometheus, remoteWrite } = exported;
  return {
    listen: prometheus ? listenError(prometheus.listen) : null,
    remoteWriteUrl: remoteWrite ? remoteWriteUrlError(remoteWrite) : null,
    remoteWriteInterval: remoteWrite ? intervalError(remoteWrite.intervalSeconds) : null,
    labels: labelRowErrors(labelRows),
    labelCount:
      labelRows.length > MAX_EXPORT_LABELS
        ? { key: 'settings.errors.labelCount', params: { max: MAX_EXPORT_LABELS } }
        : null,
  };
}

/** Whether any field is wrong; a new card's errors join this list. */
export function hasFieldErrors(errors: DraftErrors): boolean {
  return [
    errors.resolvers.system,
    ...errors.resolvers.public.flatMap((resolver) => [resolver.name, resolver.address]),
    errors.interval,
    errors.export.listen,
    errors.export.remoteWriteUrl,
    errors.export.remoteWriteInterval,
    ...errors.export.labels.flatMap((label) => [label.name, label.value]),
    errors.export.labelCount,
  ].some((error) => error !== null);
}
