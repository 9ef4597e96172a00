// Which notifications a confirmed verdict change deserves: one "You are
// offline" rather than an alert per app, one line per provider outage naming
// the apps it takes down, "Recovered after 14 min", "Checked through VPN
// wg0" when the looks went through a tunnel, and silence for muted apps,
// during quiet hours and within the cool-down. Pure: the clock and the
// memory of what was shown come in as arguments.
import type { Config } from '../contracts/config';
import type { Verdict, VerdictKind } from '../contracts/diagnosis';
import type { MonitorNotification, NotificationKind } from '../contracts/notification';
import type { VpnInfo } from '../contracts/probe-results';
import type { Translate } from '../i18n/translate';
import { verdictSignature } from './thresholds';

export type NotificationPreferences = Config['notifications'];

export type { MonitorNotification, NotificationKind };

export interface DisplayNames {
  app(id: string): string;
  provider(id: string): string;
}

export interface VerdictChange {
  /** The verdict confirmed before; null at start. */
  previous: Verdict | null;
  /** Epoch ms when the previous verdict began. */
  previousSince: number | null;
  next: Verdict;
  incidentId: number | null;
  /** The VPN the looks behind `next` went through (the diagnosis's `local.vpn`); null: none. */
  vpn: VpnInfo | null;
}

export interface NotificationContext {
  preferences: NotificationPreferences;
  /** Local wall-clock time, for quiet hours. */
  now: Date;
  /** Dedupe key -> epoch ms it was last shown. */
  lastShown: ReadonlyMap<string, number>;
  names: DisplayNames;
  t: Translate;
}

export type SilenceReason = 'disabled' | 'no-change' | 'not-notable' | 'muted' | 'quiet-hours' | 'cool-down';

export interface NotificationDecision {
  notifications: MonitorNotification[];
  /** Why nothing is shown; null when something is. */
  silenced: SilenceReason | null;
  /** The memory to pass next time (shown keys stamped with now). */
  lastShown: Map<string, number>;
}

const LOCAL_ALERT_KINDS: ReadonlySet<VerdictKind> = new Set<VerdictKind>([
  'offline',
  'lan',
  'vpn',
  'proxy',
  'isp',
  'dns-local',
  'captive-portal',
  'firewall',
]);

function minutesOfDay(text: string): number {
  const [hours, minutes] = text.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** Quiet hours are [start, end); start after end spans midnight; start equal to end is no quiet time. */
export function inQuietHours(quietHours: NotificationPreferences['quietHours'], now: Date): boolean {
  if (!quietHours) return false;
  const start = minutesOfDay(quietHours.start);
  const end = minutesOfDay(quietHours.end);
  const current = now.getHours() * 60 + now.getMinutes();
  if (start === end) return false;
  return start < end ? current >= start && current < end : current >= start || current < end;
}

export function formatDuration(ms: number, t: Translate): string {
  const totalMinutes = Math.round(Math.max(0, ms) / 60_000);
  if (totalMinutes < 1) return t('notifications:duration.lessThanMinute');
  const minutesText = (count: number) => t('notifications:duration.minutes', { count, n: count });
  if (totalMinutes < 60) return minutesText(totalMinutes);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  const hoursText = t('notifications:duration.hours', { count: hours, n: hours });
  if (minutes === 0) return hoursText;
  return t('notifications:duration.hoursMinutes', { hours: hoursText, minutes: minutesText(minutes) });
}

function where(verdict: Verdict, context: NotificationContext): string {
  const provider = verdict.provider ? context.names.provider(verdict.provider) : '';
  if (!verdict.region) return provider;
  return context.t('notifications:where.providerRegion', { provider, region: verdict.region });
}

function isNotable(verdict: Verdict): boolean {
  return verdict.kind !== 'ok' && verdict.kind !== 'unknown';
}

/** The apps of an upstream verdict the person still wants to hear about; null when the verdict is not about apps. */
function audibleApps(verdict: Verdict, preferences: NotificationPreferences): string[] | null {
  if (verdict.scope === 'local' || verdict.apps.length === 0) return null;
  const muted = new Set(preferences.mutedApps);
  return verdict.apps.filter((app) => !muted.has(app));
}

function alertText(
  verdict: Verdict,
  apps: string[] | null,
  context: NotificationContext,
): { title: string; body: string } {
  const { t } = context;
  const names = (apps ?? []).map((id) => context.names.app(id));
  // Local, but about particular apps: the title names them.
  if (verdict.kind === 'blocked') {
    const blocked = verdict.apps.map((id) => context.names.app(id));
    return {
      title: t('notifications:alert.blocked.title', { apps: blocked, count: blocked.length }),
      body: verdict.summary,
    };
  }
  if (LOCAL_ALERT_KINDS.has(verdict.kind))
    return { title: t(`notifications:alert.${verdict.kind}.title`), body: verdict.summary };
  if (verdict.kind === 'provider-outage' && verdict.provider) {
    return {
      title: t('notifications:alert.provider.title', { where: where(verdict, context) }),
      body: t('notifications:alert.provider.body', { apps: names }),
    };
  }
  if (verdict.kind === 'degraded') {
    if (names.length === 0) return { title: t('notifications:alert.degradedLocal.title'), body: verdict.summary };
    // Upstream and at the DNS layer: resolvers answer from cache while the apps' DNS servers fail.
    if (verdict.scope === 'upstream' && verdict.layer === 'dns') {
      return {
        title: t('notifications:alert.degradedStale.title', { apps: names, count: names.length }),
        body: verdict.summary,
      };
    }
    return {
      title: t('notifications:alert.degradedApps.title', { apps: names, count: names.length }),
      body: verdict.summary,
    };
  }
  return { title: t('notifications:alert.app.title', { apps: names, count: names.length }), body: verdict.summary };
}

function recoveryText(previous: Verdict, apps: string[] | null, durationMs: number, context: NotificationContext) {
  const { t } = context;
  const duration = formatDuration(durationMs, t);
  if (previous.kind === 'blocked' && previous.apps.length > 0) {
    const names = previous.apps.map((id) => context.names.app(id));
    return {
      title: t('notifications:recovered.apps.title', { apps: names, count: names.length }),
      body: t('notifications:recovered.apps.body', { duration }),
    };
  }
  if (previous.scope === 'local' || apps === null) {
    return {
      title: t('notifications:recovered.local.title'),
      body: t('notifications:recovered.local.body', { duration }),
    };
  }
  if (previous.kind === 'provider-outage' && previous.provider) {
    return {
      title: t('notifications:recovered.provider.title', { where: where(previous, context) }),
      body: t('notifications:recovered.provider.body', { duration }),
    };
  }
  const names = apps.map((id) => context.names.app(id));
  return {
    title: t('notifications:recovered.apps.title', { apps: names, count: names.length }),
    body: t('notifications:recovered.apps.body', { duration }),
  };
}

/**
 * A verdict seen through a tunnel that carries everything was seen through
 * that VPN: the body says so, as the evidence and the tray do. Not for a
 * `vpn` alert, whose summary names the VPN already; a split tunnel carries
 * only some looks, so it is not said of the whole verdict.
 */
function withPath(body: string, vpn: VpnInfo | null, alertKind: VerdictKind | null, t: Translate): string {
  if (!vpn || vpn.carries !== 'default' || alertKind === 'vpn') return body;
  const path = t('notifications:path.throughVpn', { name: vpn.interface });
  return body ? `${body} ${path}` : path;
}

export function planNotifications(change: VerdictChange, context: NotificationContext): NotificationDecision {
  const { preferences, now, lastShown } = context;
  const at = now.getTime();
  const cooldownMs = preferences.cooldownMinutes * 60_000;
  // Only keys still inside the cool-down matter; older ones are dropped so the memory stays small.
  const remembered = new Map([...lastShown].filter(([, shownAt]) => at - shownAt < cooldownMs));
  const silence = (silenced: SilenceReason): NotificationDecision => ({
    notifications: [],
    silenced,
    lastShown: remembered,
  });

  if (!preferences.enabled) return silence('disabled');
  const { previous, next } = change;
  if (previous && verdictSignature(previous) === verdictSignature(next)) return silence('no-change');

  const recovering = !isNotable(next);
  const subject = recovering ? previous : next;
  // Recovery from nothing notable (start, or `unknown`) and `unknown` itself say nothing useful.
  if (!subject || !isNotable(subject) || (next.kind === 'unknown' && recovering)) return silence('not-notable');

  const apps = audibleApps(subject, preferences);
  if (apps !== null && apps.length === 0) return silence('muted');
  if (inQuietHours(preferences.quietHours, now)) return silence('quiet-hours');

  const key = `${recovering ? 'recovered' : 'alert'}:${verdictSignature({ ...subject, apps: apps ?? subject.apps })}`;
  if (remembered.has(key)) return silence('cool-down');

  const said = recovering
    ? recoveryText(subject, apps, at - (change.previousSince ?? at), context)
    : alertText(subject, apps, context);
  const text = { ...said, body: withPath(said.body, change.vpn, recovering ? null : subject.kind, context.t) };
  remembered.set(key, at);
  return {
    notifications: [
      { id: `${key}@${at}`, ...text, incidentId: change.incidentId, kind: recovering ? 'recovered' : next.kind },
    ],
    silenced: null,
    lastShown: remembered,
  };
}
