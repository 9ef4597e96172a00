// Literal verdicts for the monitor's pure tests (thresholds, notification policy).
import { KIND_SCOPES, type Verdict, type VerdictKind } from '../contracts/diagnosis';

export function verdictOf(kind: VerdictKind, fields: Partial<Verdict> = {}): Verdict {
  return {
    scope: KIND_SCOPES[kind],
    kind,
    layer: null,
    provider: null,
    region: null,
    apps: [],
    confidence: 0.9,
    summary: `summary of ${kind}`,
    evidence: [],
    advice: [],
    ...fields,
  };
}
