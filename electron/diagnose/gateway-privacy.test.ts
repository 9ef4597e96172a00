// macOS Local Network privacy: a router check the OS refused is "unknown,
// blocked by macOS privacy", never "the router does not answer" (lan).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTranslator } from '../i18n/translate';
import { gatewayProbe, roundEvidence } from './evidence-builders';
import { appsWith, exampleRounds } from './example-rounds';
import { diagnose } from './index';

const blocked = gatewayProbe('unknown', {
  address: '198.18.0.1',
  method: 'tcp',
  blockedBy: 'macos-local-network',
});

test('a blocked router check on a network that works is ok, and says why the router is unknown', () => {
  for (const language of ['en', 'ar'] as const) {
    const { t } = createTranslator(language);
    const { verdict } = diagnose(roundEvidence({ apps: appsWith({}), gateway: blocked }), t);
    assert.equal(verdict.kind, 'ok', language);
    const sentence = t('diagnosis:evidence.gatewayBlockedByPrivacy', { address: '198.18.0.1' });
    assert.ok(sentence.includes('macOS') && sentence.includes('198.18.0.1'), sentence);
    assert.ok(verdict.evidence.includes(sentence), `${language}: ${verdict.evidence.join(' | ')}`);
  }
});

test('where the same round with a silent router is lan, a blocked check is not', () => {
  const lan = exampleRounds().lan!.evidence;
  assert.equal(diagnose(lan, createTranslator('en').t).verdict.kind, 'lan');
  lan.local.gateway = blocked;
  const { verdict, findings } = diagnose(lan, createTranslator('en').t);
  assert.notEqual(verdict.kind, 'lan');
  assert.ok(!findings.some((finding) => finding.kind === 'lan'));
});
