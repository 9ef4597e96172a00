// diagnose/ is pure: it imports only contract types, the contracts' pure
// helpers (sinkhole addresses), the Translate type, the catalog's pure data
// modules (provider names and signatures) and its own files; no I/O, no clock,
// no randomness (test files and builders aside).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const folder = import.meta.dirname;
const sources = readdirSync(folder).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

/** The catalog modules diagnose/ may read: data validated at load and pure functions over it. */
const CATALOG_DATA_MODULES: Record<string, string> = {
  '../catalog/providers': 'providers.ts',
  '../catalog/provider-signatures': 'provider-signatures.ts',
};
/** Those modules and what they import in turn. */
const CATALOG_DATA_FILES = [...Object.values(CATALOG_DATA_MODULES), 'catalog-schema.ts'];
const catalogFolder = join(folder, '../catalog');
/** What those modules themselves may import: the schema, each other, zod, the catalog's JSON. */
const CATALOG_DATA_IMPORTS = new Set([
  './catalog-schema',
  './providers',
  'zod',
  '../../resources/catalog/providers.json',
]);

/** Contract modules with functions diagnose/ may call: plain text handling that imports nothing. */
const PURE_CONTRACT_MODULES: Record<string, string> = {
  '../contracts/sinkhole-addresses': 'sinkhole-addresses.ts',
  '../contracts/baseline': 'baseline.ts',
};
const contractsFolder = join(folder, '../contracts');

const importsOf = (source: string) => [...source.matchAll(/^import\s[^;]*?from\s+'([^']+)';/gms)];

test('diagnose/*.ts import only ./files, contract types, the Translate type and the catalog data modules', () => {
  assert.ok(sources.includes('index.ts'));
  for (const file of sources) {
    const source = readFileSync(join(folder, file), 'utf8');
    for (const [statement, specifier] of importsOf(source)) {
      const allowed =
        specifier!.startsWith('./') ||
        specifier! in CATALOG_DATA_MODULES ||
        specifier! in PURE_CONTRACT_MODULES ||
        (statement.startsWith('import type') &&
          (specifier === '../contracts/probe-results' ||
            specifier === '../contracts/diagnosis' ||
            specifier === '../i18n/translate'));
      assert.ok(allowed, `${file}: ${statement.replace(/\s+/g, ' ')}`);
    }
    assert.doesNotMatch(source, /\brequire\(|\bimport\(/, `${file}: no dynamic imports`);
  }
});

test('the catalog data modules diagnose/ reads import nothing with I/O', () => {
  for (const file of CATALOG_DATA_FILES) {
    const source = readFileSync(join(catalogFolder, file), 'utf8');
    for (const [statement, specifier] of importsOf(source)) {
      assert.ok(CATALOG_DATA_IMPORTS.has(specifier!), `catalog/${file}: ${statement.replace(/\s+/g, ' ')}`);
    }
    assert.doesNotMatch(source, /\brequire\(|\bimport\(/, `catalog/${file}: no dynamic imports`);
  }
});

test('the contract helpers diagnose/ calls import nothing at all', () => {
  for (const file of Object.values(PURE_CONTRACT_MODULES)) {
    const source = readFileSync(join(contractsFolder, file), 'utf8');
    assert.deepEqual(importsOf(source), [], `contracts/${file}`);
  }
});

test('no clock, randomness, timers or process state in diagnose/ or the catalog data it reads', () => {
  const files = [
    ...sources.map((file) => join(folder, file)),
    ...CATALOG_DATA_FILES.map((file) => join(catalogFolder, file)),
    ...Object.values(PURE_CONTRACT_MODULES).map((file) => join(contractsFolder, file)),
  ];
  for (const path of files) {
    const source = readFileSync(path, 'utf8');
    assert.doesNotMatch(
      source,
      /Date\.now|new Date\(|Math\.random|performance\.now|setTimeout|setInterval|process\.|globalThis|crypto/,
      path,
    );
  }
});
