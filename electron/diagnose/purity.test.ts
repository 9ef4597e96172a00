// diagnose/ is pure: it imports only contract types, the Translate type and
// its own files; no I/O, no clock, no randomness (test files and builders aside).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const folder = import.meta.dirname;
const sources = readdirSync(folder).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

test('diagnose/*.ts import only ./files, contract types and the Translate type', () => {
  assert.ok(sources.includes('index.ts'));
  for (const file of sources) {
    const source = readFileSync(join(folder, file), 'utf8');
    for (const [statement, specifier] of source.matchAll(/^import\s[^;]*?from\s+'([^']+)';/gms)) {
      const allowed =
        specifier!.startsWith('./') ||
        (statement.startsWith('import type') &&
          (specifier === '../contracts/probe-results' ||
            specifier === '../contracts/diagnosis' ||
            specifier === '../i18n/translate'));
      assert.ok(allowed, `${file}: ${statement.replace(/\s+/g, ' ')}`);
    }
    assert.doesNotMatch(source, /\brequire\(|\bimport\(/, `${file}: no dynamic imports`);
  }
});

test('no clock, randomness, timers or process state in diagnose/', () => {
  for (const file of sources) {
    const source = readFileSync(join(folder, file), 'utf8');
    assert.doesNotMatch(
      source,
      /Date\.now|new Date\(|Math\.random|performance\.now|setTimeout|setInterval|process\.|globalThis|crypto/,
      file,
    );
  }
});
