import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Verdict } from '../contracts/diagnosis';
import { vpnInfo } from '../diagnose/evidence-builders';
import { createTranslator, type Language } from '../i18n/translate';
import {
  formatDuration,
  inQuietHours,
  planNotifications,
  type NotificationContext,
  type NotificationPreferences,
  type VerdictChange,
} from './notification-policy';
import { verdictOf } from './test-verdicts';

const APP_NAMES: Record<string, string> = { zoom: 'Zoom', alexa: 'Alexa', primevideo: 'Prime Video', slack: 'Slack' };
const names = { app: (id: string) => APP_NAMES[id] ?? id, provider: (id: string) => (id === 'aws' ? 'AWS' : id) };
const basePreferences: NotificationPreferences = {
  enabled: true,
  mutedApps: [],
  quietHours: null,
  cooldownMinutes: 15,
};
// Local time (quiet hours read local hours), a Wednesday noon.
const noon = new Date(2026, 10, 25, 12, 0, 0);

const ok = verdictOf('ok');
const offline = verdictOf('offline', { summary: 'No network interface is connected.' });
const awsOutage = verdictOf('provider-outage', {
  provider: 'aws',
  region: 'us-east-1',
  apps: ['zoom', 'alexa', 'primevideo'],
});
const zoomDown = verdictOf('app-outage', { apps: ['zoom'], summary: 'Zoom is down on its own.' });

function context(overrides: Partial<NotificationContext> & { language?: Language } = {}): NotificationContext {
  return {
    preferences: basePreferences,
    now: noon,
    lastShown: new Map(),
    names,
    t: createTranslator(overrides.language ?? 'en').t,
    ...overrides,
  };
}

function change(previous: Verdict | null, next: Verdict, fields: Partial<VerdictChange> = {}): VerdictChange {
  return { previous, previousSince: null, next, incidentId: 7, vpn: null, ...fields };
}

test('going offline gives one notification, not one per app', () => {
  const decision = planNotifications(change(awsOutage, offline), context());
  assert.equal(decision.notifications.length, 1);
  const [notification] = decision.notifications;
  assert.equal(notification?.title, 'You are offline');
  assert.equal(notification?.body, offline.summary);
  assert.equal(notification?.kind, 'offline');
  assert.equal(notification?.incidentId, 7);
});

test('a provider outage names the provider, the region and the apps', () => {
  const [notification] = planNotifications(change(ok, awsOutage), context()).notifications;
  assert.equal(notification?.title, 'AWS us-east-1 is failing');
  assert.equal(notification?.body, 'Affected: Zoom, Alexa, and Prime Video. Your own connection works.');
  assert.equal(notification?.kind, 'provider-outage');
});

test('a provider outage without a region names the provider alone', () => {
  const [notification] = planNotifications(change(ok, { ...awsOutage, region: null }), context()).notifications;
  assert.equal(notification?.title, 'AWS is failing');
});

test('an app outage uses singular and plural forms', () => {
  const [one] = planNotifications(change(ok, zoomDown), context()).notifications;
  assert.equal(one?.title, 'Zoom is down');
  const [two] = planNotifications(
    change(ok, verdictOf('app-outage', { apps: ['zoom', 'slack'] })),
    context(),
  ).notifications;
  assert.equal(two?.title, 'Zoom and Slack are down');
});

test('recovery says how long it lasted', () => {
  const since = noon.getTime() - 14 * 60_000;
  const [notification] = planNotifications(change(awsOutage, ok, { previousSince: since }), context()).notifications;
  assert.equal(notification?.title, 'AWS us-east-1 has recovered');
  assert.equal(notification?.body, 'Recovered after 14 min.');
  assert.equal(notification?.kind, 'recovered');

  const [online] = planNotifications(
    change(offline, ok, { previousSince: since - 60 * 60_000 }),
    context(),
  ).notifications;
  assert.equal(online?.title, 'Back online');
  assert.equal(online?.body, 'Your connection works again after 1 h 14 min.');

  const [app] = planNotifications(change(zoomDown, ok, { previousSince: since }), context()).notifications;
  assert.equal(app?.title, 'Zoom is back');
});

test('nothing at start when all is well, nor for unknown', () => {
  assert.equal(planNotifications(change(null, ok), context()).silenced, 'not-notable');
  assert.equal(planNotifications(change(ok, verdictOf('unknown')), context()).silenced, 'not-notable');
  assert.equal(
    planNotifications(change(awsOutage, verdictOf('unknown')), context()).silenced,
    'not-notable',
    'unknown is no recovery',
  );
  assert.equal(planNotifications(change(verdictOf('unknown'), ok), context()).silenced, 'not-notable');
});

test('an outage already there at start is announced', () => {
  assert.equal(planNotifications(change(null, awsOutage), context()).notifications.length, 1);
});

test('the same situation with another app is no new notification', () => {
  const wider = { ...awsOutage, apps: [...awsOutage.apps, 'slack'] };
  assert.equal(planNotifications(change(awsOutage, wider), context()).silenced, 'no-change');
});

test('muted apps are left out, and a verdict only about muted apps is silent', () => {
  const preferences = { ...basePreferences, mutedApps: ['zoom'] };
  const [notification] = planNotifications(change(ok, awsOutage), context({ preferences })).notifications;
  assert.equal(notification?.body, 'Affected: Alexa and Prime Video. Your own connection works.');
  assert.equal(planNotifications(change(ok, zoomDown), context({ preferences })).silenced, 'muted');
  assert.equal(planNotifications(change(zoomDown, ok), context({ preferences })).silenced, 'muted', 'nor its recovery');
  assert.equal(
    planNotifications(change(ok, offline), context({ preferences })).notifications.length,
    1,
    'offline is never muted',
  );
});

test('notifications can be turned off', () => {
  const preferences = { ...basePreferences, enabled: false };
  assert.equal(planNotifications(change(ok, offline), context({ preferences })).silenced, 'disabled');
});

test('quiet hours within a day and across midnight', () => {
  const day = { start: '09:00', end: '17:00' };
  assert.equal(inQuietHours(day, new Date(2026, 0, 1, 8, 59)), false);
  assert.equal(inQuietHours(day, new Date(2026, 0, 1, 9, 0)), true);
  assert.equal(inQuietHours(day, new Date(2026, 0, 1, 16, 59)), true);
  assert.equal(inQuietHours(day, new Date(2026, 0, 1, 17, 0)), false);
  const night = { start: '22:30', end: '07:00' };
  assert.equal(inQuietHours(night, new Date(2026, 0, 1, 22, 29)), false);
  assert.equal(inQuietHours(night, new Date(2026, 0, 1, 22, 30)), true);
  assert.equal(inQuietHours(night, new Date(2026, 0, 1, 0, 0)), true);
  assert.equal(inQuietHours(night, new Date(2026, 0, 1, 6, 59)), true);
  assert.equal(inQuietHours(night, new Date(2026, 0, 1, 7, 0)), false);
  assert.equal(inQuietHours(night, new Date(2026, 0, 1, 12, 0)), false);
  assert.equal(inQuietHours({ start: '10:00', end: '10:00' }, new Date(2026, 0, 1, 10, 0)), false);
  assert.equal(inQuietHours(null, new Date(2026, 0, 1, 3, 0)), false);

  const preferences = { ...basePreferences, quietHours: night };
  const late = new Date(2026, 0, 1, 23, 15);
  assert.equal(planNotifications(change(ok, offline), context({ preferences, now: late })).silenced, 'quiet-hours');
  assert.equal(planNotifications(change(ok, offline), context({ preferences, now: noon })).notifications.length, 1);
});

test('no repeat within the cool-down, again after it', () => {
  const first = planNotifications(change(ok, offline), context());
  assert.equal(first.notifications.length, 1);
  const tenMinutesLater = new Date(noon.getTime() + 10 * 60_000);
  const repeat = planNotifications(change(ok, offline), context({ now: tenMinutesLater, lastShown: first.lastShown }));
  assert.equal(repeat.silenced, 'cool-down');
  const recovery = planNotifications(
    change(offline, ok),
    context({ now: tenMinutesLater, lastShown: first.lastShown }),
  );
  assert.equal(recovery.notifications.length, 1, 'a recovery is another notification');
  const other = planNotifications(change(ok, awsOutage), context({ now: tenMinutesLater, lastShown: first.lastShown }));
  assert.equal(other.notifications.length, 1, 'another situation is not held back');
  const later = new Date(noon.getTime() + 16 * 60_000);
  const again = planNotifications(change(ok, offline), context({ now: later, lastShown: repeat.lastShown }));
  assert.equal(again.notifications.length, 1);
  assert.notEqual(again.notifications[0]?.id, first.notifications[0]?.id);
});

test('the memory forgets keys older than the cool-down', () => {
  const old = new Map([['alert:offline|local||||', noon.getTime() - 60 * 60_000]]);
  assert.equal(planNotifications(change(ok, awsOutage), context({ lastShown: old })).lastShown.size, 1);
});

test('every local kind has its own title', () => {
  const titles = new Set<string>();
  for (const kind of ['offline', 'lan', 'isp', 'dns-local', 'blocked', 'captive-portal', 'firewall'] as const) {
    const [notification] = planNotifications(change(ok, verdictOf(kind)), context()).notifications;
    assert.ok(notification && !notification.title.includes('notifications:'), kind);
    titles.add(notification?.title ?? '');
  }
  assert.equal(titles.size, 7);
});

test('blocked names the apps a filter blocks, in both languages, and their return', () => {
  const blocked = verdictOf('blocked', {
    apps: ['zoom', 'slack'],
    summary: 'A filter on your network blocks Zoom and Slack.',
  });
  const [alert] = planNotifications(change(ok, blocked), context()).notifications;
  assert.equal(alert?.title, 'A filter on your network blocks Zoom and Slack');
  assert.equal(alert?.body, blocked.summary);
  assert.equal(alert?.kind, 'blocked');
  const [arabic] = planNotifications(change(ok, blocked), context({ language: 'ar' })).notifications;
  assert.match(arabic?.title ?? '', /^مرشّح على شبكتك يحجب \u2068Zoom\u2069 و/);
  const since = noon.getTime() - 5 * 60_000;
  const [back] = planNotifications(change(blocked, ok, { previousSince: since }), context()).notifications;
  assert.equal(back?.title, 'Zoom and Slack are back');
});

test('apps resolvers serve from cache while their DNS servers fail: "works for now", not "slow"', () => {
  const stale = verdictOf('degraded', { scope: 'upstream', layer: 'dns', apps: ['zoom'] });
  assert.equal(
    planNotifications(change(ok, stale), context()).notifications[0]?.title,
    'Zoom works for now, from cache',
  );
  const two = verdictOf('degraded', { scope: 'upstream', layer: 'dns', apps: ['zoom', 'slack'] });
  const [arabic] = planNotifications(change(ok, two), context({ language: 'ar' })).notifications;
  assert.match(arabic?.title ?? '', /يعملان حاليًا من الذاكرة المؤقتة$/);
});

test('degraded apps and a slow connection', () => {
  const [apps] = planNotifications(change(ok, verdictOf('degraded', { apps: ['zoom'] })), context()).notifications;
  assert.equal(apps?.title, 'Zoom is slow');
  const [local] = planNotifications(change(ok, verdictOf('degraded', { scope: 'local' })), context()).notifications;
  assert.equal(local?.title, 'Your connection is slow');
});

test('Arabic texts, with localized digits and Arabic plural forms', () => {
  const ar = context({ language: 'ar' });
  const [offlineAr] = planNotifications(change(ok, offline), ar).notifications;
  assert.equal(offlineAr?.title, 'أنت غير متصل بالإنترنت');
  const [provider] = planNotifications(change(ok, awsOutage), ar).notifications;
  assert.equal(provider?.title, 'عطل في \u2068AWS us-east-1\u2069');
  assert.match(provider?.body ?? '', /Zoom/);
  const since = noon.getTime() - 14 * 60_000;
  const [recovered] = planNotifications(change(awsOutage, ok, { previousSince: since }), ar).notifications;
  const { t, formatNumber } = createTranslator('ar');
  // Digits follow the translator's number format for Arabic (CLDR decides Arabic-Indic or Latin).
  assert.equal(recovered?.body, `انتهى العطل بعد ${formatNumber(14)} دقيقة.`);
  assert.equal(formatDuration(2 * 60_000, t), 'دقيقتين');
  assert.equal(formatDuration(5 * 60_000, t), `${formatNumber(5)} دقائق`);
  assert.equal(formatDuration(61 * 60_000, t), 'ساعة واحدة ودقيقة واحدة');
});

test('durations in English', () => {
  const { t } = createTranslator('en');
  assert.equal(formatDuration(20_000, t), 'less than a minute');
  assert.equal(formatDuration(60_000, t), '1 min');
  assert.equal(formatDuration(120 * 60_000, t), '2 h');
  assert.equal(formatDuration(-5, t), 'less than a minute');
});

test('every English notification key has an Arabic translation', async () => {
  const { LOCALE_RESOURCES } = await import('../i18n/locales');
  const keys = (tree: object, prefix = ''): string[] =>
    Object.entries(tree).flatMap(([name, value]) =>
      typeof value === 'string' ? [`${prefix}${name}`] : keys(value as object, `${prefix}${name}.`),
    );
  const arabic = new Set(keys(LOCALE_RESOURCES.ar.notifications));
  for (const key of keys(LOCALE_RESOURCES.en.notifications)) {
    const base = key.replace(/_(one|other)$/, '_other');
    assert.ok(arabic.has(key) || arabic.has(base), `ar lacks ${key}`);
  }
});

test('a verdict seen through a VPN that carries everything says so in the body, in both languages', () => {
  const vpn = vpnInfo({ interface: 'wg0', carries: 'default' });
  const [outage] = planNotifications(change(ok, awsOutage, { vpn }), context()).notifications;
  assert.equal(
    outage?.body,
    'Affected: Zoom, Alexa, and Prime Video. Your own connection works. Checked through VPN wg0.',
  );
  const [down] = planNotifications(change(ok, zoomDown, { vpn }), context()).notifications;
  assert.equal(down?.body, 'Zoom is down on its own. Checked through VPN wg0.');
  const [local] = planNotifications(change(ok, offline, { vpn }), context()).notifications;
  assert.equal(local?.body, 'No network interface is connected. Checked through VPN wg0.');
  const since = noon.getTime() - 14 * 60_000;
  const [back] = planNotifications(change(awsOutage, ok, { vpn, previousSince: since }), context()).notifications;
  assert.equal(back?.body, 'Recovered after 14 min. Checked through VPN wg0.', 'the recovery was seen through it too');

  const [arabic] = planNotifications(change(ok, awsOutage, { vpn }), context({ language: 'ar' })).notifications;
  assert.ok(
    arabic?.body.endsWith(' جرى الفحص عبر الشبكة الافتراضية الخاصة \u2068wg0\u2069.'),
    `the Arabic body names the VPN, isolated: ${arabic?.body}`,
  );
  assert.ok(arabic?.body.startsWith('المتأثر: '), 'after the Arabic body');
});

test('no VPN, a split tunnel, or a vpn alert (its summary names the VPN): the body is left as it is', () => {
  const [plain] = planNotifications(change(ok, zoomDown), context()).notifications;
  assert.equal(plain?.body, 'Zoom is down on its own.');
  const split = vpnInfo({ carries: 'some' });
  const [throughSome] = planNotifications(change(ok, zoomDown, { vpn: split }), context()).notifications;
  assert.equal(throughSome?.body, 'Zoom is down on its own.', 'a split tunnel carried only some of the looks');
  const vpnDown = verdictOf('vpn', { summary: 'Your VPN wg0 is connected, but nothing answers through it.' });
  const [alert] = planNotifications(change(ok, vpnDown, { vpn: vpnInfo() }), context()).notifications;
  assert.equal(alert?.title, 'Your VPN is not answering');
  assert.equal(alert?.body, vpnDown.summary, 'named once, not twice');
  const since = noon.getTime() - 3 * 60_000;
  const [recovered] = planNotifications(
    change(vpnDown, ok, { vpn: vpnInfo(), previousSince: since }),
    context(),
  ).notifications;
  assert.equal(recovered?.body, 'Your connection works again after 3 min. Checked through VPN wg0.');
});
