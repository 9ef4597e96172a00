// Orders the findings: the primary one first. Decision order (KIND_ORDER):
// offline > lan > captive-portal > isp > dns-local > blocked > firewall >
// provider-outage > app-outage > degraded. Tie-breaks:
// 1. dns-local stays ahead of upstream findings when the system resolver fails
//    resolver-wide (it explains every app it touches); a name-specific dns-local
//    or a blocked verdict (a resolver or filter failing a few names) goes behind
//    an upstream finding that covers more apps than it does.
// 2. Among provider-outages, more affected apps first, then higher confidence.
// 3. Among app-outages, the order of the apps in the round (the person's list).
import { KIND_ORDER, type Finding } from './finding';

function kindRank(finding: Finding): number {
  return KIND_ORDER.indexOf(finding.verdict.kind);
}

export function rankFindings(findings: Finding[]): Finding[] {
  const ordered = findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => {
      const byKind = kindRank(a.finding) - kindRank(b.finding);
      if (byKind !== 0) return byKind;
      if (a.finding.verdict.kind === 'provider-outage') {
        const byApps = b.finding.verdict.apps.length - a.finding.verdict.apps.length;
        if (byApps !== 0) return byApps;
        const byConfidence = b.finding.verdict.confidence - a.finding.verdict.confidence;
        if (byConfidence !== 0) return byConfidence;
      }
      return a.index - b.index;
    })
    .map((entry) => entry.finding);

  const upstream = ordered.filter((f) => f.verdict.kind === 'provider-outage' || f.verdict.kind === 'app-outage');
  const widest = Math.max(0, ...upstream.map((f) => f.verdict.apps.length));
  const narrow = (f: Finding) =>
    (f.verdict.kind === 'dns-local' && !f.resolverWide) || (f.verdict.kind === 'blocked' && f.nameSpecific === true);
  const behind = ordered.filter((f) => narrow(f) && widest > f.verdict.apps.length);
  if (behind.length === 0) return ordered;
  const rest = ordered.filter((f) => !behind.includes(f));
  const lastUpstream = rest.reduce((at, f, i) => (upstream.includes(f) ? i : at), -1);
  return [...rest.slice(0, lastUpstream + 1), ...behind, ...rest.slice(lastUpstream + 1)];
}
