// Latin names inside Arabic sentences are bidi-isolated (U+2068 ... U+2069), so
// "AWS us-east-1" never splits or swaps; English is left as it is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isolateInArabic } from './i18next-setup';
import { createTranslator } from './translate';

const FSI = '\u2068';
const PDI = '\u2069';

test('a Latin value is isolated once; numbers, Arabic and already-isolated lists are left alone', () => {
  assert.equal(isolateInArabic('AWS us-east-1'), `${FSI}AWS us-east-1${PDI}`);
  assert.equal(isolateInArabic(`${FSI}AWS${PDI} ${FSI}us-east-1${PDI}`), `${FSI}AWS us-east-1${PDI}`);
  assert.equal(isolateInArabic('14'), '14');
  assert.equal(isolateInArabic('198.18.1.1'), '198.18.1.1');
  assert.equal(isolateInArabic('زووم'), 'زووم');
  const list = `${FSI}Zoom${PDI} و${FSI}Slack${PDI}`;
  assert.equal(isolateInArabic(list), list);
});

test('Arabic sentences isolate each interpolated Latin name and list item; English ones carry no marks', () => {
  const ar = createTranslator('ar').t;
  const en = createTranslator('en').t;
  const arabic = ar('diagnosis:kind.vpn.advice.reconnect', { name: 'wg0' });
  assert.ok(arabic.includes(`${FSI}wg0${PDI}`), arabic);
  const proxy = ar('diagnosis:evidence.throughProxy', { proxy: ['http://198.18.9.1:3128', 'http://198.18.9.2:8080'] });
  assert.ok(
    proxy.includes(`${FSI}http://198.18.9.1:3128${PDI}`) && proxy.includes(`${FSI}http://198.18.9.2:8080${PDI}`),
  );
  const english = en('diagnosis:kind.vpn.advice.reconnect', { name: 'wg0' });
  assert.doesNotMatch(english, /[\u2066-\u2069]/);
  assert.equal(english, 'Disconnect VPN wg0 and connect it again.');
});
