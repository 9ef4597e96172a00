// macOS Local Network privacy beyond the router: a resolver or an internal app
// on the local subnet that the OS refused is "unknown, blocked by macOS
// privacy", never a failing resolver (dns-local) or any other local verdict.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTranslator } from '../i18n/translate';
import { macosPrivacyRound } from './example-rounds';
import { diagnose } from './index';

const LOCAL_KINDS = new Set([
  'offline',
  'lan',
  'captive-portal',
  'isp',
  'dns-local',
  'vpn',
  'proxy',
  'firewall',
  'blocked',
]);

test('read as the network, the refused router resolver is dns-local (the reading macOS privacy must not get)', () => {
  const { t } = createTranslator('en');
  assert.equal(diagnose(macosPrivacyRound({ blocked: false, gatewayWorks: true }), t).verdict.kind, 'dns-local');
  assert.equal(diagnose(macosPrivacyRound({ blocked: false }), t).verdict.kind, 'dns-local');
});

test('a resolver macOS refused is unknown and blocked, not dns-local, with why and how to allow it', () => {
  for (const language of ['en', 'ar'] as const) {
    const { t } = createTranslator(language);
    const diagnosis = diagnose(macosPrivacyRound({ blocked: true, gatewayWorks: true }), t);
    assert.equal(diagnosis.verdict.kind, 'unknown', language); // the NAS is not known
    assert.ok(!diagnosis.findings.some((finding) => finding.kind === 'dns-local'), language);
    const router = diagnosis.local.resolvers.find((r) => r.address === '198.18.0.1');
    assert.equal(router?.status, 'unknown');
    assert.equal(router?.blockedBy, 'macos-local-network');
    const sentence = t('diagnosis:evidence.resolverBlockedByPrivacy', { resolver: '198.18.0.1' });
    assert.ok(sentence.includes('macOS') && sentence.includes('198.18.0.1'), sentence);
    assert.ok(diagnosis.verdict.evidence.includes(sentence), `${language}: ${diagnosis.verdict.evidence.join(' | ')}`);
    assert.ok(diagnosis.verdict.advice.includes(t('diagnosis:localNetworkPrivacy.advice')), language);
  }
});

test('router, resolver and NAS all refused: no local verdict, the NAS unknown, each named once', () => {
  for (const language of ['en', 'ar'] as const) {
    const { t } = createTranslator(language);
    const diagnosis = diagnose(macosPrivacyRound({ blocked: true }), t);
    assert.ok(
      !diagnosis.findings.some((finding) => LOCAL_KINDS.has(finding.kind)),
      diagnosis.findings.map((f) => f.kind).join(),
    );
    assert.equal(diagnosis.verdict.kind, 'unknown', language);
    assert.equal(diagnosis.apps.find((a) => a.id === 'nas')?.status, 'unknown');
    assert.ok(diagnosis.apps.filter((a) => a.id !== 'nas').every((a) => a.status === 'up'));
    const evidence = diagnosis.verdict.evidence;
    for (const sentence of [
      t('diagnosis:evidence.gatewayBlockedByPrivacy', { address: '198.18.0.1' }),
      t('diagnosis:evidence.resolverBlockedByPrivacy', { resolver: '198.18.0.1' }),
      t('diagnosis:evidence.appsBlockedByPrivacy', { apps: ['NAS'] }),
    ]) {
      assert.equal(
        evidence.filter((s) => s === sentence).length,
        1,
        `${language}: ${sentence} in ${evidence.join(' | ')}`,
      );
    }
    const advice = t('diagnosis:localNetworkPrivacy.advice');
    assert.ok(advice.includes(language === 'en' ? 'Local Network' : 'الشبكة المحلية'), advice);
    assert.equal(diagnosis.verdict.advice.filter((a) => a === advice).length, 1);
  }
});
