// Evidence sentences shared by the findings, each tied to one probe result.
// Every sentence comes from the diagnosis namespace through `t`.
import type { Translate } from '../i18n/translate';
import type { DnsResult, ResolverRef } from '../contracts/probe-results';
import { isNullRouteAddress, isSinkholeAddress } from '../contracts/sinkhole-addresses';
import { HIGHEST_NAMED_EDE } from './dns-errors';
import type { NameJudgement } from './dns-judgement';
import type { BogusAnswer, ResolverHealth } from './resolver-health';
import type { RoundView } from './round-view';
import type { TargetAssessment } from './target-status';
import { providerDisplayName } from '../catalog/providers';

/** "Cloudflare 198.18.1.1", or just the address when the name is the address; the port when not 53. */
export function resolverLabel(ref: Pick<ResolverRef, 'name' | 'address' | 'port'>): string {
  const address =
    ref.port === 53
      ? ref.address
      : ref.address.includes(':')
        ? `[${ref.address}]:${ref.port}`
        : `${ref.address}:${ref.port}`;
  return ref.name && ref.name !== ref.address ? `${ref.name} ${address}` : address;
}

export function targetNames(targets: TargetAssessment[]): string[] {
  return targets.map((a) => a.probe.name);
}

/** Why a target is down, in one sentence; null when it is not. */
export function failureSentence(t: Translate, target: TargetAssessment): string | null {
  const probe = target.probe;
  const name = probe.name;
  if (target.dns.answeredNowhere) {
    const outcomes = [...new Set(target.dns.results.map((r) => r.outcome.toUpperCase()))];
    return t('diagnosis:failure.dns.everywhere', { target: name, hostname: probe.hostname, outcomes });
  }
  const failure = target.pathFailure;
  if (failure) {
    const params = {
      target: name,
      address: failure.address ?? probe.hostname,
      port: String(failure.port ?? probe.port),
      status: failure.status === null ? undefined : String(failure.status),
    };
    if (failure.outcome.startsWith('proxy-')) {
      return t(`diagnosis:failure.proxy.${failure.outcome.slice('proxy-'.length)}`, {
        ...params,
        proxy: probe.proxy?.proxy ?? params.address,
      });
    }
    if (failure.layer === 'http' && failure.outcome === 'status5xx' && failure.edge) {
      return t('diagnosis:failure.http.edge5xx', {
        ...params,
        provider: providerDisplayName(failure.edge.provider),
        header: failure.edge.evidence,
      });
    }
    return t(`diagnosis:failure.${failure.layer}.${failure.outcome}`, params);
  }
  if (target.dns.systemBlocked) return t('diagnosis:failure.dns.blocked', { target: name, hostname: probe.hostname });
  if (target.dns.systemOnly) return t('diagnosis:failure.dns.systemOnly', { target: name, hostname: probe.hostname });
  if (target.status === 'unknown') return t('diagnosis:evidence.noResult', { target: name });
  return null;
}

export function controlsSentence(t: Translate, view: RoundView): string {
  if (view.controls.length === 0) return t('diagnosis:evidence.noControls');
  if (view.controlsReachable.length === 0)
    return t('diagnosis:evidence.controlsDown', { names: targetNames(view.controls) });
  return t('diagnosis:evidence.controlsUp', {
    up: view.controlsReachable.length,
    total: view.controls.length,
    names: targetNames(view.controlsReachable),
  });
}

export function publicResolversSentence(t: Translate, view: RoundView): string | null {
  const publicResolvers = view.resolvers.filter((r) => r.report.role === 'public');
  if (publicResolvers.length === 0) return null;
  const answering = publicResolvers.filter((r) => r.namesAnswered > 0);
  if (answering.length === 0)
    return t('diagnosis:evidence.publicNone', { resolvers: publicResolvers.map((r) => resolverLabel(r.report)) });
  return t('diagnosis:evidence.publicAnswered', {
    resolvers: answering.map((r) => resolverLabel(r.report)),
    answered: Math.max(...answering.map((r) => r.namesAnswered)),
  });
}

export function gatewaySentence(t: Translate, view: RoundView): string {
  const gateway = view.evidence.local.gateway;
  const address = gateway.address ?? gateway.configured;
  switch (gateway.outcome) {
    case 'reachable':
      return gateway.latencyMs === null
        ? t('diagnosis:evidence.gatewayReachable', { address })
        : t('diagnosis:evidence.gatewayReachableIn', { address, ms: Math.round(gateway.latencyMs) });
    case 'unreachable':
      return t('diagnosis:evidence.gatewayUnreachable', { address });
    case 'off':
      return t('diagnosis:evidence.gatewayOff');
    case 'unknown':
      return gateway.blockedBy === 'macos-local-network'
        ? t('diagnosis:evidence.gatewayBlockedByPrivacy', { address })
        : t('diagnosis:evidence.gatewayUnknown');
  }
}

/** "The system resolver 127.0.0.53 timed out for 6 of 6 names while Cloudflare 1.1.1.1 answered them." */
export function systemFailingSentence(t: Translate, health: ResolverHealth, answering: ResolverHealth[]): string {
  return t(`diagnosis:evidence.systemFailing.${health.dominantFailure ?? 'error'}`, {
    resolver: resolverLabel(health.report),
    failed: health.namesFailed,
    total: health.namesJudged,
    public: answering.map((r) => resolverLabel(r.report)),
  });
}

/** A public resolver that does not answer at all (the firewall-on-DNS case). */
export function publicBlockedSentence(t: Translate, health: ResolverHealth): string {
  return t('diagnosis:evidence.publicBlocked', {
    resolver: resolverLabel(health.report),
    failed: health.namesFailed,
    total: health.namesJudged,
    outcome: (health.dominantFailure ?? 'error').toUpperCase(),
  });
}

export function resolverOkSentence(t: Translate, health: ResolverHealth): string {
  return t(health.report.role === 'system' ? 'diagnosis:evidence.systemResolverOk' : 'diagnosis:evidence.resolverOk', {
    resolver: resolverLabel(health.report),
    answered: health.namesAnswered,
    total: health.namesJudged,
  });
}

export function bogusSentence(t: Translate, health: ResolverHealth, bogus: BogusAnswer): string {
  return t('diagnosis:evidence.bogus', {
    resolver: resolverLabel(health.report),
    hostname: bogus.hostname,
    outcome: bogus.outcome.toUpperCase(),
    other: resolverLabel(bogus.answeredBy),
    address: bogus.address,
  });
}

/** "Public resolvers disagree about zoom.us: Cloudflare answered, Google did not." */
export function publicSplitSentence(t: Translate, target: TargetAssessment): string {
  const publicResults = target.dns.results.filter((r) => r.resolver.role === 'public');
  return t('diagnosis:evidence.publicSplit', {
    hostname: target.probe.hostname,
    answered: publicResults.filter((r) => r.outcome === 'answer').map((r) => resolverLabel(r.resolver)),
    failed: publicResults
      .filter((r) => r.outcome !== 'answer')
      .map((r) => `${resolverLabel(r.resolver)} (${r.outcome.toUpperCase()})`),
  });
}

export function slowSentences(
  t: Translate,
  target: TargetAssessment,
  timeoutMs: number,
  thresholdMs: number,
): string[] {
  const sentences: string[] = [];
  const name = target.probe.name;
  if (target.dns.systemLatencyMs !== null && target.dns.systemLatencyMs > thresholdMs) {
    sentences.push(
      t('diagnosis:evidence.slowDns', { target: name, ms: Math.round(target.dns.systemLatencyMs), timeout: timeoutMs }),
    );
  }
  if (target.slowerThanUsual && target.latencyMs !== null) {
    sentences.push(
      t('diagnosis:evidence.slowerThanUsual', {
        target: name,
        ms: Math.round(target.latencyMs),
        usual: target.slowerThanUsual.medianMs,
      }),
    );
  } else if (target.latencyMs !== null && target.latencyMs > thresholdMs) {
    sentences.push(
      t('diagnosis:evidence.slow', { target: name, ms: Math.round(target.latencyMs), timeout: timeoutMs }),
    );
  }
  if (target.dns.systemPartial)
    sentences.push(t('diagnosis:evidence.systemPartial', { target: name, hostname: target.probe.hostname }));
  const tcp = target.probe.tcp;
  const failedTcp = tcp.filter((r) => r.outcome !== 'connected').length;
  if (target.reachable && failedTcp > 0) {
    sentences.push(t('diagnosis:evidence.intermittent', { target: name, failed: failedTcp, total: tcp.length }));
  }
  return sentences;
}

/** The meaning of an Extended DNS Error code, in words (RFC 8914 and the IANA registry). */
export function extendedErrorMeaning(t: Translate, code: number): string {
  return Number.isInteger(code) && code >= 0 && code <= HIGHEST_NAMED_EDE
    ? t(`diagnosis:ede.${code}`)
    : t('diagnosis:ede.unknown', { code: String(code) });
}

/**
 * 'Quad9 198.18.9.9 said about zoom.example: the signatures do not validate (EDE 6 Bogus, "…").'
 * One per code: a resolver often words the same error once per query type.
 */
export function extendedErrorSentences(t: Translate, result: DnsResult): string[] {
  const firstOfEachCode = result.ede.filter(
    (error, index) => result.ede.findIndex((e) => e.code === error.code) === index,
  );
  return firstOfEachCode.map((error) =>
    t(error.text ? 'diagnosis:evidence.edeText' : 'diagnosis:evidence.ede', {
      resolver: resolverLabel(result.resolver),
      hostname: result.hostname,
      meaning: extendedErrorMeaning(t, error.code),
      code: String(error.code),
      text: error.text,
    }),
  );
}

/** "zoom.example failed at the system resolver (SERVFAIL), Quad9 (SERVFAIL); only Cloudflare answered it." */
export function sharedFailureSentence(t: Translate, target: TargetAssessment, judgement: NameJudgement): string {
  return t('diagnosis:evidence.dnsShared', {
    target: target.probe.name,
    hostname: target.probe.hostname,
    failed: judgement.failedAt.map((r) => `${resolverLabel(r.resolver)} (${r.outcome.toUpperCase()})`),
    answered: judgement.answeredAt.map((r) => resolverLabel(r.resolver)),
  });
}

/** What a filter answered for a blocked name: each system resolver's sinkhole address against a real one. */
export function sinkholeSentences(t: Translate, target: TargetAssessment): string[] {
  const real = target.dns.results.find(
    (r) => r.resolver.role === 'public' && r.addresses.some((a) => !isSinkholeAddress(a)),
  );
  if (!real) return [];
  return target.dns.results
    .filter((r) => r.resolver.role === 'system' && r.outcome === 'answer' && r.addresses.every(isSinkholeAddress))
    .map((r) =>
      t(
        r.addresses.every(isNullRouteAddress)
          ? 'diagnosis:evidence.sinkholeNull'
          : 'diagnosis:evidence.sinkholePrivate',
        {
          resolver: resolverLabel(r.resolver),
          hostname: target.probe.hostname,
          addresses: r.addresses,
          other: resolverLabel(real.resolver),
          real: real.addresses.find((a) => !isSinkholeAddress(a)) ?? '',
        },
      ),
    );
}
