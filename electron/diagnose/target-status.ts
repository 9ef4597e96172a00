// The status of one probed target (app, control or canary) from its own
// probes: DNS at system vs public resolvers, then TCP, TLS and HTTP on the
// connection the round made. No judgement about the network here: that needs
// the whole round (local-findings, upstream-findings).
import { usableFigure, type TargetBaseline, type UsualFigure } from '../contracts/baseline';
import type { AppStatus } from '../contracts/diagnosis';
import type { DnsOutcome, DnsResult, Layer, ProbeResult, TargetProbe, TcpResult } from '../contracts/probe-results';
import { providerFromHeaders, type ProviderHint } from '../catalog/provider-signatures';
import { addressFamily, isNullRouteAddress, isSinkholeAddress } from '../contracts/sinkhole-addresses';
import { hasErrorOf } from './dns-errors';

/** A target is slow above this share of the timeout... */
export const SLOW_FRACTION_OF_TIMEOUT = 0.4;
/** ...or above this many milliseconds, whatever the timeout ("very high"). */
export const VERY_SLOW_MS = 2500;

export function slowThresholdMs(timeoutMs: number): number {
  return Math.min(timeoutMs * SLOW_FRACTION_OF_TIMEOUT, VERY_SLOW_MS);
}

export interface PathFailure {
  layer: Layer;
  /**
   * The probe outcome that failed; `status5xx` for an HTTP response of 500 or
   * more; `proxy-<outcome>` when the proxy the connection went through failed it.
   */
  outcome: string;
  status: number | null;
  address: string | null;
  port: number | null;
  latencyMs: number | null;
  /** The CDN or cloud edge that served a 5xx, read from its headers. */
  edge: ProviderHint | null;
}

export interface DnsView {
  /** The URL names an IP address: nothing to resolve. */
  literal: boolean;
  results: DnsResult[];
  answered: DnsResult[];
  /** DNS was asked and no resolver gave an address. */
  answeredNowhere: boolean;
  /** Every system resolver failed the name while a public resolver answered it. */
  systemOnly: boolean;
  /** One system resolver answered and another did not (the OS falls back, slowly). */
  systemPartial: boolean;
  /** Public resolvers split: some answered, some did not. */
  publicSplit: boolean;
  /** Latency of the first system resolver that answered. */
  systemLatencyMs: number | null;
  /**
   * Every system resolver refused the name by policy (EDE 15-18) or answered it
   * with a filter's address, while a public resolver gave a real one: a block.
   */
  systemBlocked: boolean;
  /** A resolver answered from its cache past the record's lifetime (EDE 3 Stale Answer): the authority is failing. */
  servedStale: boolean;
}

export interface TargetAssessment {
  probe: TargetProbe;
  /** As the person experiences it: a name only public resolvers know is down for them. */
  status: AppStatus;
  layer: Layer | null;
  dns: DnsView;
  /** The first failure after DNS, on the connection the round made. */
  pathFailure: PathFailure | null;
  /** Connected and answered (HTTP below 500, or TLS/TCP when no HTTP ran), whatever resolver gave the address. */
  reachable: boolean;
  slow: boolean;
  /** Some connection attempts failed while others worked. */
  intermittent: boolean;
  latencyMs: number | null;
  /** Provider for grouping failures: the round's attribution, else the edge that served the failure. */
  provider: string | null;
  /** Slow against this network's usual figure ("slower than usual here"), not only the fixed threshold. */
  slowerThanUsual: UsualFigure | null;
  /** Above the fixed threshold, but that is usual on this network: not counted as slow. */
  slowAsUsual: UsualFigure | null;
  /** IPv4 connected while IPv6 failed (both were offered): the IPv6 attempt. */
  ipv6Failed: TcpResult | null;
}

export function isAnswer(result: DnsResult): boolean {
  return result.outcome === 'answer';
}

/** Answered with at least one address that is not a filter's (a null route or a private address). */
export function answeredReal(result: DnsResult): boolean {
  return isAnswer(result) && result.addresses.some((address) => !isSinkholeAddress(address));
}

/**
 * How a filter answers: a policy EDE, or only filter addresses. A private
 * address counts only when connecting to it failed: it may be a real intranet
 * server (split DNS), and then the app works.
 */
export function filterAnswer(result: DnsResult, privateAddressFailed: boolean): boolean {
  if (hasErrorOf(result, 'policy')) return true;
  if (!isAnswer(result) || result.addresses.length === 0) return false;
  return (
    result.addresses.every(isNullRouteAddress) || (privateAddressFailed && result.addresses.every(isSinkholeAddress))
  );
}

function dnsView(probe: TargetProbe, systemAddressFailed: boolean): DnsView {
  // An internal name is the system resolver's alone: what it answers is never a filter's block.
  const internal = Boolean(probe.internal);
  const results = probe.dns;
  const answered = results.filter(isAnswer);
  const system = results.filter((r) => r.resolver.role === 'system');
  const publicResults = results.filter((r) => r.resolver.role === 'public');
  const systemAnswered = system.filter(isAnswer);
  const publicAnswered = publicResults.filter(isAnswer);
  return {
    literal: probe.addressSource === 'literal',
    results,
    answered,
    answeredNowhere: results.length > 0 && answered.length === 0,
    systemOnly: system.length > 0 && systemAnswered.length === 0 && publicAnswered.length > 0,
    systemPartial: systemAnswered.length > 0 && systemAnswered.length < system.length,
    publicSplit: publicAnswered.length > 0 && publicAnswered.length < publicResults.length,
    systemLatencyMs: systemAnswered[0]?.latencyMs ?? null,
    // A policy refusal needs any public answer; a filter's address, a public one that is not.
    systemBlocked:
      !internal &&
      system.length > 0 &&
      system.every((r) =>
        hasErrorOf(r, 'policy')
          ? publicAnswered.length > 0
          : filterAnswer(r, systemAddressFailed) && publicResults.some(answeredReal),
      ),
    servedStale: results.some((r) => isAnswer(r) && hasErrorOf(r, 'stale')),
  };
}

/** The most common value, first seen wins a tie. */
export function mostCommon<T>(values: T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: T | undefined;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

/** Proxy outcomes that are the proxy failing, not a setting we went around. */
const PROXY_WENT_DIRECT = new Set(['connected', 'unsupported', 'invalid-setting']);

function firstPathFailure(probe: TargetProbe): PathFailure | null {
  const proxy = probe.proxy;
  if (proxy && !PROXY_WENT_DIRECT.has(proxy.outcome)) {
    const connectedToProxy = probe.tcp.some((r) => r.outcome === 'connected');
    return {
      layer: connectedToProxy || proxy.status !== null ? 'http' : 'tcp',
      outcome: `proxy-${proxy.outcome}`,
      status: proxy.status,
      address: proxy.address,
      port: proxy.port,
      latencyMs: proxy.latencyMs,
      edge: null,
    };
  }
  const connected = probe.tcp.some((r) => r.outcome === 'connected');
  if (probe.tcp.length > 0 && !connected) {
    const outcome = mostCommon(probe.tcp.map((r) => r.outcome)) ?? 'error';
    const sample = probe.tcp.find((r) => r.outcome === outcome) ?? probe.tcp[0];
    return {
      layer: 'tcp',
      outcome,
      status: null,
      address: sample?.address ?? null,
      port: sample?.port ?? probe.port,
      latencyMs: sample?.latencyMs ?? null,
      edge: null,
    };
  }
  const tls = probe.tls;
  if (tls && tls.outcome !== 'ok') {
    return {
      layer: 'tls',
      outcome: tls.outcome,
      status: null,
      address: tls.address,
      port: tls.port,
      latencyMs: tls.latencyMs,
      edge: null,
    };
  }
  const http = probe.http;
  if (!http) return null;
  const base = { status: http.status, address: http.address, port: probe.port, latencyMs: http.latencyMs };
  if (http.outcome === 'response') {
    if (http.status !== null && http.status >= 500) {
      return { ...base, layer: 'http', outcome: 'status5xx', edge: providerFromHeaders(http.headers) };
    }
    return null;
  }
  // The HTTP probe's own TLS failure (e.g. on a redirect to another host) shows at the TLS layer.
  if (http.outcome === 'tls') return { ...base, layer: 'tls', outcome: 'handshake-failed', edge: null };
  return { ...base, layer: 'http', outcome: http.outcome, edge: null };
}

function reachedSomething(probe: TargetProbe): boolean {
  return (
    probe.http?.outcome === 'response' ||
    probe.tls?.outcome === 'ok' ||
    probe.tcp.some((r) => r.outcome === 'connected')
  );
}

/** The latency of the connection a target's answer came over: HTTP, else TLS, else TCP. */
export function connectionLatency(probe: TargetProbe): number | null {
  if (probe.http?.outcome === 'response') return probe.http.latencyMs;
  if (probe.tls?.outcome === 'ok') return probe.tls.latencyMs;
  return probe.tcp.find((r) => r.outcome === 'connected')?.latencyMs ?? null;
}

/** Looks before the 90th percentile says more than the few slowest of them (one slow look is 1 in 8). */
const P90_MIN_SAMPLES = 20;

/**
 * How far a latency may go above this network's usual before it is "slower
 * than usual": three times the median and 200 ms over it at least, and twice
 * the 90th percentile once enough looks back it (a jittery network's normal).
 */
export function usualCeilingMs(usual: UsualFigure): number {
  const spread = usual.samples >= P90_MIN_SAMPLES ? usual.p90Ms * 2 : 0;
  return Math.max(spread, usual.medianMs * 3, usual.medianMs + 200);
}

interface Slowness {
  slow: boolean;
  slowerThanUsual: UsualFigure | null;
  slowAsUsual: UsualFigure | null;
}

/**
 * Slow against the network's usual figure when there is one (slower than
 * usual, or slow as it always is here), else against the fixed threshold.
 */
function slowness(latencyMs: number | null, thresholdMs: number, usual: UsualFigure | null | undefined): Slowness {
  const figure = usableFigure(usual);
  if (latencyMs === null) return { slow: false, slowerThanUsual: null, slowAsUsual: null };
  if (!figure) return { slow: latencyMs > thresholdMs, slowerThanUsual: null, slowAsUsual: null };
  if (latencyMs > usualCeilingMs(figure)) return { slow: true, slowerThanUsual: figure, slowAsUsual: null };
  return { slow: false, slowerThanUsual: null, slowAsUsual: latencyMs > thresholdMs ? figure : null };
}

/** The TCP attempts of the family the connection used: a failure in the other family is not intermittence. */
function sameFamilyFailed(probe: TargetProbe): boolean {
  const connected = probe.tcp.find((r) => r.outcome === 'connected');
  if (!connected) return false;
  const family = addressFamily(connected.address);
  return probe.tcp.some((r) => r.outcome !== 'connected' && addressFamily(r.address) === family);
}

export function assessTarget(
  probe: TargetProbe,
  timeoutMs: number,
  usual: TargetBaseline | null = null,
): TargetAssessment {
  const pathFailure = firstPathFailure(probe);
  const reachable = pathFailure === null && reachedSomething(probe);
  const dns = dnsView(probe, probe.addressSource === 'system' && !reachable);
  const latencyMs = connectionLatency(probe);
  const threshold = slowThresholdMs(timeoutMs);
  const dnsSlowness = slowness(dns.systemLatencyMs, threshold, usual?.dns);
  const connectionSlowness = slowness(latencyMs, threshold, usual?.latency);
  const slowDns = dnsSlowness.slow;
  const slowConnection = connectionSlowness.slow;
  const someTcpFailed = sameFamilyFailed(probe);
  const intermittent = (reachable && someTcpFailed) || (reachable && dns.systemPartial);
  const provider = probe.provider ?? pathFailure?.edge?.provider ?? null;
  const v4Connected = probe.tcp.some((r) => r.outcome === 'connected' && addressFamily(r.address) === 4);
  const ipv6Failed = v4Connected
    ? (probe.tcp.find((r) => r.outcome !== 'connected' && addressFamily(r.address) === 6) ?? null)
    : null;
  // Through a proxy the apps never ask DNS themselves: a proxy that got through decides.
  const dnsDecides = !(probe.proxy?.outcome === 'connected' && reachable);

  let status: AppStatus;
  let layer: Layer | null;
  if (dnsDecides && (dns.answeredNowhere || dns.systemOnly || dns.systemBlocked)) {
    status = 'down';
    layer = 'dns';
  } else if (pathFailure) {
    status = 'down';
    layer = pathFailure.layer;
  } else if (!reachable) {
    status = 'unknown';
    layer = null;
  } else if (slowDns || slowConnection || intermittent || dns.servedStale) {
    status = 'degraded';
    layer = slowDns || dns.systemPartial || dns.servedStale ? 'dns' : someTcpFailed ? 'tcp' : 'http';
  } else {
    status = 'up';
    layer = null;
  }
  return {
    probe,
    status,
    layer,
    dns,
    pathFailure,
    reachable,
    slow: reachable && (slowDns || slowConnection),
    intermittent,
    latencyMs,
    provider,
    slowerThanUsual: connectionSlowness.slowerThanUsual ?? dnsSlowness.slowerThanUsual,
    slowAsUsual: connectionSlowness.slowAsUsual ?? dnsSlowness.slowAsUsual,
    ipv6Failed,
  };
}

/** Every raw result of a target in probing order: DNS, TCP, TLS, HTTP. */
export function probesInOrder(probe: TargetProbe): ProbeResult[] {
  const results: ProbeResult[] = [...probe.dns, ...probe.tcp];
  if (probe.proxy) results.push(probe.proxy);
  if (probe.tls) results.push(probe.tls);
  if (probe.http) results.push(probe.http);
  return results;
}

export const DNS_HARD_FAILURES: ReadonlySet<DnsOutcome> = new Set([
  'timeout',
  'servfail',
  'refused',
  'malformed',
  'error',
]);

/** The URL scheme a target uses: `https` or `http`. */
export function schemeOf(target: TargetAssessment): 'https' | 'http' {
  return target.probe.url.toLowerCase().startsWith('https:') ? 'https' : 'http';
}

/** Failed while connecting (TCP refused/timeout/reset, TLS cut off), as a blocking filter does. */
export function connectionBlocked(target: TargetAssessment): boolean {
  const failure = target.pathFailure;
  // The proxy's refusals are the proxy finding's, not a firewall's.
  if (!failure || target.probe.proxy) return false;
  if (failure.layer === 'tcp') return true;
  if (failure.layer === 'tls') return ['timeout', 'reset', 'refused'].includes(failure.outcome);
  return (
    failure.layer === 'http' &&
    target.probe.tcp.length === 0 &&
    ['timeout', 'reset', 'refused'].includes(failure.outcome)
  );
}

/** The certificate shown is not the site's (untrusted or for another name), as an intercepting proxy does. */
export function certificateReplaced(target: TargetAssessment): boolean {
  const failure = target.pathFailure;
  return (
    !target.probe.proxy &&
    failure?.layer === 'tls' &&
    (failure.outcome === 'untrusted' || failure.outcome === 'wrong-host')
  );
}

/** What a network in the way does to a connection: block it, or intercept it. */
export function stoppedByNetwork(target: TargetAssessment): boolean {
  return connectionBlocked(target) || certificateReplaced(target);
}
