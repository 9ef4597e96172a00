// The tray says how the traffic leaves: through a VPN, through a proxy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTranslator } from '../../i18n/translate';
import { appStateOf, diagnosisOf, verdictOf } from '../../testkit/app-state-fixture';
import { trayMenuModel } from './tray-menu-model';
import { trayTooltip } from './tray-tooltip';

const running = { kind: 'running' } as const;

function throughBoth() {
  const diagnosis = diagnosisOf(verdictOf({ kind: 'ok', scope: 'none', summary: 'Everything works.' }), []);
  diagnosis.local.vpn = { interface: 'wg0', kind: 'wireguard', addresses: ['198.18.7.2'], carries: 'default' };
  diagnosis.local.proxies = ['http://198.18.9.1:3128'];
  return appStateOf({ diagnosis });
}

test('menu and tooltip say "through VPN wg0" and "through proxy …", in English and Arabic', () => {
  const en = createTranslator('en');
  const labels = trayMenuModel({ state: throughBoth(), engine: running, startAtLogin: null, translator: en }).flatMap(
    (item) => ('label' in item ? [item.label] : []),
  );
  assert.ok(labels.includes('Through VPN wg0'), labels.join('\n'));
  assert.ok(labels.includes('Through proxy http://198.18.9.1:3128'));
  assert.equal(
    trayTooltip(throughBoth(), running, en),
    'Through VPN wg0 · Through proxy http://198.18.9.1:3128\nOutage Watch: Everything works.',
  );
  const ar = trayTooltip(throughBoth(), running, createTranslator('ar'));
  assert.ok(ar.includes('عبر الشبكة الافتراضية الخاصة \u2068wg0\u2069'), ar);
});

test('a plain network adds no line', () => {
  const state = appStateOf({ diagnosis: diagnosisOf(verdictOf({ kind: 'ok', scope: 'none', summary: 'Fine.' }), []) });
  assert.equal(trayTooltip(state, running, createTranslator('en')), 'Outage Watch: Fine.');
});
