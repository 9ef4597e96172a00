import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogDocument } from '../engine/catalog-listing';
import { createTranslator } from '../i18n/translate';
import { formatCatalogTable, runCatalogCommand } from './catalog';
import { UsageError } from './io';

const { apps: CATALOG_APPS, canaries: CATALOG_CANARIES, providers: PROVIDERS } = catalogDocument();

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (line: string) => out.push(line), stderr: (line: string) => err.push(line) }, out, err };
}

test('--json prints one document with every app, canary and provider', async () => {
  const { io, out, err } = capture();
  assert.equal(await runCatalogCommand(['--json'], io), 0);
  assert.equal(out.length, 1);
  assert.deepEqual(err, []);
  const document = JSON.parse(out[0] ?? '') as {
    schema: number;
    apps: Array<{ id: string; urls: string[]; provider: string | null }>;
    canaries: unknown[];
    providers: unknown[];
  };
  assert.equal(document.schema, 1);
  assert.equal(document.apps.length, CATALOG_APPS.length);
  assert.equal(document.canaries.length, CATALOG_CANARIES.length);
  assert.equal(document.providers.length, PROVIDERS.length);
  const netflix = document.apps.find((app) => app.id === 'netflix');
  assert.equal(netflix?.provider, 'aws');
  assert.equal(netflix?.urls[0], 'https://www.netflix.com/');
});

test('the table lists apps, canaries and providers under translated headings', async () => {
  const { io, out } = capture();
  assert.equal(await runCatalogCommand([], io), 0);
  const text = out.join('\n');
  for (const app of CATALOG_APPS) assert.ok(text.includes(app.urls[0] ?? '?'), app.id);
  for (const canary of CATALOG_CANARIES) assert.ok(text.includes(canary.url), canary.id);
  assert.ok(text.includes('https://status.cloud.google.com/incidents.json'));

  const english = formatCatalogTable(createTranslator('en'));
  assert.equal(english[0], `Apps (${CATALOG_APPS.length})`);
  assert.match(english[1] ?? '', /^ID\s+Name\s+Category\s+Provider\s+URL$/);
  const slack = english.find((line) => line.startsWith('slack '));
  assert.match(
    slack ?? '',
    /^slack\s+Slack\s+Messaging and calls\s+aws\s+https:\/\/slack\.com\/ https:\/\/app\.slack\.com\/$/,
  );
  assert.match(
    english.find((line) => line.startsWith('aws-dynamodb-us-east-1 ')) ?? '',
    /aws us-east-1\s+dynamodb\s+https:\/\/dynamodb\.us-east-1\.amazonaws\.com\/$/,
  );
  assert.match(english.find((line) => line.startsWith('delta ')) ?? '', /not known/);

  const arabic = formatCatalogTable(createTranslator('ar'));
  assert.match(arabic[0] ?? '', /^التطبيقات/);
  assert.match(arabic.find((line) => line.startsWith('anghami ')) ?? '', /Anghami\s+الموسيقى\s+غير معروف/);
});

test('bad usage is a UsageError (the CLI entry prints it on one line and exits 2)', async () => {
  await assert.rejects(runCatalogCommand(['--jsno'], capture().io), UsageError);
  await assert.rejects(runCatalogCommand(['extra'], capture().io), UsageError);
  await assert.rejects(runCatalogCommand(['--json=yes'], capture().io), UsageError);
});
