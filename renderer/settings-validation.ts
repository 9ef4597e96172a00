// Field checks for Settings, as message keys in the window's language. The
// decision is always the engine's own rule (contracts/config.ts); this only
// names which part of the rule failed so the message can be translated.
import { checkProbeUrl, customAppSchema, parseAddress, type AppEntry, type Config } from '../electron/contracts/config';

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

/** Every field error of the Settings draft, by card. */
export interface DraftErrors {
  resolvers: {
    system: FieldError;
    public: { name: FieldError; address: FieldError }[];
  };
  interval: FieldError;
}

/**
 * The draft's field errors. The system resolvers are judged by what was typed
 * (`systemText`): the config keeps the last list that parsed.
 */
export function draftErrors(config: Config, systemText: string): DraftErrors {
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
  };
}

/** Whether any field is wrong; a new card's errors join this list. */
export function hasFieldErrors(errors: DraftErrors): boolean {
  return [
    errors.resolvers.system,
    ...errors.resolvers.public.flatMap((resolver) => [resolver.name, resolver.address]),
    errors.interval,
  ].some((error) => error !== null);
}
