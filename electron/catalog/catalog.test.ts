import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import appsJson from '../../resources/catalog/apps.json';
import canariesJson from '../../resources/catalog/canaries.json';
import providersJson from '../../resources/catalog/providers.json';
import { checkProbeUrl } from '../contracts/config';
import { LOCALE_RESOURCES } from '../i18n/locales';
import { appSchema, canarySchema, providerSchema } from './catalog-schema';
import { CATALOG_APPS, CATALOG_CANARIES, PROVIDERS, findCatalogApp, providerName } from './index';

const SEED_SERVICES = [
  'Alexa',
  'Prime Video',
  'Zoom',
  'Snapchat',
  'Reddit',
  'Venmo',
  'Netflix',
  'Delta',
  'United',
  'Coinbase',
  'Robinhood',
  'Ring',
  'Disney+',
  'Slack',
  'Signal',
  'Roblox',
  'Fortnite',
  'WhatsApp',
  'Instagram',
  'Facebook',
  'Messenger',
];

test('the data files match the schema', () => {
  assert.equal(z.array(appSchema).safeParse(appsJson).success, true);
  assert.equal(z.array(canarySchema).safeParse(canariesJson).success, true);
  assert.equal(z.array(providerSchema).safeParse(providersJson).success, true);
});

test('the schema rejects what the catalog must never hold', () => {
  const app = {
    id: 'x',
    name: 'X',
    urls: ['https://x.example/'],
    provider: null,
    region: null,
    category: 'video',
    statusFeed: null,
  };
  assert.equal(appSchema.safeParse(app).success, true);
  assert.equal(appSchema.safeParse({ ...app, urls: ['http://x.example/'] }).success, false, 'plain http');
  assert.equal(appSchema.safeParse({ ...app, urls: [] }).success, false, 'no probe URL');
  assert.equal(appSchema.safeParse({ ...app, id: 'Bad_Id' }).success, false, 'id shape');
  assert.equal(appSchema.safeParse({ ...app, extra: 1 }).success, false, 'unknown key');
  assert.equal(appSchema.safeParse({ ...app, statusFeed: { kind: 'rss', url: 'https://x.example/' } }).success, false);
});

test('at least 60 apps, every seed service among them', () => {
  assert.ok(CATALOG_APPS.length >= 60, `${CATALOG_APPS.length} apps`);
  const names = new Set(CATALOG_APPS.map((app) => app.name));
  for (const seed of SEED_SERVICES) assert.ok(names.has(seed), `missing ${seed}`);
});

test('ids are unique across apps and canaries and are slugs', () => {
  const ids = [...CATALOG_APPS, ...CATALOG_CANARIES].map((entry) => entry.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate id');
  for (const id of ids) assert.match(id, /^[a-z0-9-]+$/);
  assert.equal(new Set(PROVIDERS.map((p) => p.id)).size, PROVIDERS.length);
});

test('every URL is https with a host name, no credentials, and unique per app', () => {
  const urls = [...CATALOG_APPS.flatMap((app) => app.urls), ...CATALOG_CANARIES.map((c) => c.url)];
  for (const text of urls) {
    const url = new URL(text);
    assert.equal(url.protocol, 'https:', text);
    assert.equal(url.username + url.password, '', text);
    assert.match(url.hostname, /^[a-z0-9.-]+\.[a-z]{2,}$/, text);
  }
  for (const app of CATALOG_APPS) assert.equal(new Set(app.urls).size, app.urls.length, app.id);
  for (const text of urls) assert.equal(checkProbeUrl(text), null, 'the config rules accept it too');
});

test('every provider an app, a canary or an attribution names is a known provider', () => {
  const known = new Set(PROVIDERS.map((p) => p.id));
  for (const app of CATALOG_APPS) if (app.provider) assert.ok(known.has(app.provider), `${app.id}: ${app.provider}`);
  for (const canary of CATALOG_CANARIES) assert.ok(known.has(canary.provider), `${canary.id}: ${canary.provider}`);
  for (const id of ['aws', 'azure', 'gcp', 'cloudflare', 'fastly', 'akamai']) assert.ok(known.has(id), id);
  assert.equal(providerName('aws'), 'Amazon Web Services');
  assert.equal(providerName('no-such-cloud'), 'no-such-cloud');
});

test('a region is only given together with a provider', () => {
  for (const app of CATALOG_APPS) if (app.region) assert.ok(app.provider, app.id);
});

test('canaries cover AWS DynamoDB, EC2 and S3 in three regions, and every other cloud', () => {
  for (const service of ['dynamodb', 'ec2', 's3']) {
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      const canary = CATALOG_CANARIES.find((c) => c.provider === 'aws' && c.service === service && c.region === region);
      assert.ok(canary, `${service} ${region}`);
      assert.equal(new URL(canary.url).hostname, `${service}.${region}.amazonaws.com`);
    }
  }
  for (const provider of ['azure', 'gcp', 'cloudflare', 'fastly', 'akamai']) {
    assert.ok(
      CATALOG_CANARIES.some((c) => c.provider === provider),
      provider,
    );
  }
});

test('every category has a name in English and Arabic', () => {
  for (const app of CATALOG_APPS) {
    for (const language of ['en', 'ar'] as const) {
      const categories = LOCALE_RESOURCES[language].catalog.category;
      assert.ok(
        typeof categories === 'object' && typeof categories[app.category] === 'string',
        `${language}: ${app.category}`,
      );
    }
  }
});

test('status feed references point at a page base (statuspage) or a feed', () => {
  for (const entry of [...CATALOG_APPS.map((a) => a.statusFeed), ...PROVIDERS.map((p) => p.statusFeed ?? null)]) {
    if (!entry) continue;
    const url = new URL(entry.url);
    if (entry.kind === 'statuspage') assert.equal(url.pathname, '/', `${entry.url}: the API path is added later`);
  }
  assert.equal(findCatalogApp('zoom')?.statusFeed?.kind, 'statuspage');
  assert.equal(findCatalogApp('nope'), undefined);
});

test('provider signatures are checked at load: patterns compile, a region read from the name needs a pattern', () => {
  const base = { id: 'x', name: 'X' };
  assert.equal(
    providerSchema.safeParse({ ...base, headers: [{ tier: 'cdn', when: [{ header: 'x-a' }] }] }).success,
    true,
  );
  assert.equal(
    providerSchema.safeParse({ ...base, headers: [{ tier: 'cdn', when: [{ header: 'x-a', matches: '(' }] }] }).success,
    false,
  );
  assert.equal(providerSchema.safeParse({ ...base, headers: [{ tier: 'cdn', when: [] }] }).success, false);
  assert.equal(providerSchema.safeParse({ ...base, domains: [{ suffix: 'X.example.' }] }).success, false);
  assert.equal(
    providerSchema.safeParse({ ...base, domains: [{ suffix: 'x.example', regionFrom: 'name' }] }).success,
    false,
  );
  assert.equal(
    providerSchema.safeParse({
      ...base,
      regionPattern: 'r-\\d',
      domains: [{ suffix: 'x.example', regionFrom: 'name' }],
    }).success,
    true,
  );
});
