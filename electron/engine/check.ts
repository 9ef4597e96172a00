// One full round of probes, then the diagnosis: what `check` prints and what
// every monitor round is made of.
import type { Config } from '../contracts/config';
import type { Diagnosis } from '../contracts/diagnosis';
import type { RoundEvidence } from '../contracts/probe-results';
import { diagnose } from '../diagnose/index';
import { createTranslator, type Language } from '../i18n/translate';
import { runRound, type RoundOptions } from '../probe/round';

export interface CheckResult {
  evidence: RoundEvidence;
  diagnosis: Diagnosis;
}

export async function runCheck(config: Config, options: RoundOptions & { language: Language }): Promise<CheckResult> {
  const evidence = await runRound(config, options);
  return { evidence, diagnosis: diagnose(evidence, createTranslator(options.language).t) };
}
