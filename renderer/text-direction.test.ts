import assert from 'node:assert/strict';
import { test } from 'node:test';
import { textDirection } from './text-direction';

test('a sentence with Arabic letters reads right to left, even after a brand name', () => {
  assert.equal(textDirection('Alexa: أجاب الخادم برمز HTTP 503.'), 'rtl');
  assert.equal(textDirection('اتصالك بالإنترنت سليم.'), 'rtl');
  assert.equal(textDirection('Alexa: the server answered HTTP 503.'), 'ltr');
  assert.equal(textDirection('127.0.0.1:5353'), 'ltr');
});
