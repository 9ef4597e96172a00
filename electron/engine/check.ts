// One full round of probes, then the diagnosis: what `check` prints and what
// every monitor round is made of.
import type { Config } from '../contracts/config';
import type { Diagnosis } from '../contracts/diagnosis';
import type { RoundEvidence } from '../contracts/probe-results';
import { findCatalogApp } from '../catalog/index';
import { diagnose } from '../diagnose/index';
import { createTranslator, type Language } from '../i18n/translate';
import { envProxySettings, pacLookup, type ProxySettings } from '../probe/proxy-settings';
import { runRound, type RoundOptions } from '../probe/round';

export interface CheckResult {
  evidence: RoundEvidence;
  diagnosis: Diagnosis;
}

/** An id given to check is neither in the config nor in the catalog. */
export class UnknownAppError extends Error {
  override name = 'UnknownAppError';
  constructor(readonly id: string) {
    super(`unknown app id "${id}"`);
  }
}

/** Narrows the config to the named apps; catalog ids not in the config are added (throws UnknownAppError). */
export function selectApps(config: Config, ids: string[]): Config {
  if (ids.length === 0) return config;
  const apps = ids.map((id) => {
    const configured = config.apps.find((entry) => (typeof entry === 'string' ? entry : entry.id) === id);
    if (configured) return configured;
    if (findCatalogApp(id)) return id;
    throw new UnknownAppError(id);
  });
  return { ...config, apps };
}

export async function runCheck(config: Config, options: RoundOptions & { language: Language }): Promise<CheckResult> {
  const evidence = await runRound(config, options);
  return { evidence, diagnosis: diagnose(evidence, createTranslator(options.language).t) };
}

/** The command line's proxies: HTTPS_PROXY, HTTP_PROXY and NO_PROXY, as curl reads them. */
export function proxiesFromEnvironment(env: NodeJS.ProcessEnv): ProxySettings {
  return envProxySettings(env);
}

/** The app's proxies: each URL's resolveProxy answer (system settings and PAC), asked once a round. */
export function proxiesFromPacAnswers(
  resolve: (urls: readonly string[]) => Promise<ReadonlyMap<string, string>>,
): ProxySettings {
  return async (urls) => pacLookup(await resolve(urls));
}
