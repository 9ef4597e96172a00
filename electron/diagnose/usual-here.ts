// What this network's baseline says about today's facts: a fact usual here
// (`pathUsual`), new here (`pathNew`), a VPN or proxy usual here but missing
// today, and whether a resolver failing today usually answers on this network.
import { isUsualTrait, resolverTrait, traitShare, USUAL_MIN_SAMPLES, USUAL_TRAIT_SHARE } from '../contracts/baseline';
import type { Translate } from '../i18n/translate';
import { resolverLabel } from './describe';
import type { Finding } from './finding';
import type { RoundView } from './round-view';

/**
 * Whether a fact of this look is this network's normal (`pathUsual`), new to
 * it (`pathNew`: the network is known and rarely showed it), or neither is known.
 */
export function usualOrNew(view: RoundView, trait: string): 'pathUsual' | 'pathNew' | null {
  const baseline = view.baseline;
  if (!baseline || baseline.looks < USUAL_MIN_SAMPLES) return null;
  if (isUsualTrait(baseline, trait)) return 'pathUsual';
  const seen = traitShare(baseline, trait);
  return !seen || seen.share <= 1 - USUAL_TRAIT_SHARE ? 'pathNew' : null;
}

/** The trait a local finding is recorded as (monitor/baseline.ts), when the baseline keeps one. */
function findingTrait(finding: Finding): string | null {
  const { kind, scope, layer } = finding.verdict;
  if (kind === 'captive-portal') return 'captive-portal';
  if (kind === 'blocked') return 'blocked';
  if (kind === 'degraded' && scope === 'local' && layer === 'tcp') return 'ipv6-broken';
  return null;
}

/** A captive portal, a filter's block or broken IPv6 said to be usual or new on this network. */
export function withUsualOrNew(view: RoundView, t: Translate, finding: Finding): Finding {
  const trait = findingTrait(finding);
  const usual = trait ? usualOrNew(view, trait) : null;
  if (!usual) return finding;
  const sentence = t(`diagnosis:evidence.${usual}`);
  if (finding.verdict.evidence.includes(sentence)) return finding;
  return { ...finding, verdict: { ...finding.verdict, evidence: [...finding.verdict.evidence, sentence] } };
}

/** A VPN or proxy this network nearly always goes through, missing today: news. */
export function missingPathSentences(view: RoundView, t: Translate, proxied: boolean): string[] {
  const sentences: string[] = [];
  if (!view.evidence.local.vpn && isUsualTrait(view.baseline, 'vpn'))
    sentences.push(t('diagnosis:evidence.vpnMissing'));
  if (!proxied && isUsualTrait(view.baseline, 'proxy')) sentences.push(t('diagnosis:evidence.proxyMissing'));
  return sentences;
}

/** Each resolver failing today, against what it usually does on this network. */
export function resolverUsualSentences(view: RoundView, t: Translate): string[] {
  const baseline = view.baseline;
  if (!baseline) return [];
  return view.resolvers.flatMap(({ report }) => {
    if (report.status !== 'failing') return [];
    const seen = traitShare(baseline, resolverTrait(report.address, report.port));
    if (!seen || seen.looks < USUAL_MIN_SAMPLES) return [];
    const resolver = resolverLabel(report);
    if (seen.share >= USUAL_TRAIT_SHARE) return [t('diagnosis:evidence.resolverUsuallyAnswers', { resolver })];
    if (seen.share <= 1 - USUAL_TRAIT_SHARE) return [t('diagnosis:evidence.resolverUsuallyFails', { resolver })];
    return [];
  });
}
