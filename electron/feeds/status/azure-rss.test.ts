// Azure's status RSS, read by an XML parser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAzureStatusRss } from './azure-rss';
import { AZURE_RSS_ALL_CLEAR, AZURE_RSS_INCIDENT } from '../../testkit/status-feed-documents';
test('Azure status RSS: one item per active incident, entities and CDATA decoded', () => {
  assert.deepEqual(parseAzureStatusRss(AZURE_RSS_INCIDENT), [
    {
      title: 'Azure Front Door & CDN - Connectivity issues',
      url: 'https://azure.status.microsoft/en-us/status/',
      startedAt: '2026-11-23T10:31:00.000Z',
      updatedAt: '2026-11-23T10:31:00.000Z',
      regions: [],
    },
  ]);
  assert.deepEqual(parseAzureStatusRss(AZURE_RSS_ALL_CLEAR), []);
  const entities =
    '<rss><channel><title>Azure Status</title><item><title>A &#x41; &#66; &#99999999; &bogus;</title></item></channel></rss>';
  assert.equal(parseAzureStatusRss(entities)?.[0]?.title, 'A A B &#99999999; &bogus;');
  assert.equal(parseAzureStatusRss('{"not": "rss"}'), null);
  assert.equal(parseAzureStatusRss('<rss><channel><item><title>cut off'), null);
});

test('Azure: [RESOLVED] items are closed, region categories scope the others', () => {
  const feed = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Azure Status</title>
  <item><title>[RESOLVED] Storage - East US - Intermittent errors</title><category>Storage</category><category>East US</category><pubDate>Sun, 23 Nov 2026 08:00:00 Z</pubDate></item>
  <item><title>Virtual Machines - West Europe - Allocation failures</title><category>Virtual Machines</category><category>West Europe</category><pubDate>Sun, 23 Nov 2026 10:12:00 Z</pubDate><link>https://azure.status.microsoft/en-us/status/</link></item>
  <item><title>Microsoft Entra ID - Sign-in failures</title><category>Microsoft Entra ID</category><pubDate>Sun, 23 Nov 2026 10:20:00 Z</pubDate></item>
</channel></rss>`;
  const incidents = parseAzureStatusRss(feed);
  assert.deepEqual(
    incidents?.map((i) => [i.title, i.regions, i.startedAt]),
    [
      ['Virtual Machines - West Europe - Allocation failures', ['westeurope'], '2026-11-23T10:12:00.000Z'],
      ['Microsoft Entra ID - Sign-in failures', [], '2026-11-23T10:20:00.000Z'],
    ],
  );
});

test('a link the feed offers is kept only when http(s)', () => {
  const rss = AZURE_RSS_INCIDENT.replace(
    '<link>https://azure.status.microsoft/en-us/status/</link>\n      <category>',
    '<link>data:text/html,hi</link>\n      <category>',
  );
  assert.equal(parseAzureStatusRss(rss)?.[0]?.url, null);
});

test('hostile XML: DOCTYPE entities are never expanded, deep nesting and bad markup are not the expected document', () => {
  const laughs = `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<rss version="2.0"><channel><item><title>&c;</title></item></channel></rss>`;
  assert.deepEqual(
    parseAzureStatusRss(laughs)?.map((i) => i.title),
    ['&c;'],
  );
  const deep = `<rss><channel>${'<x>'.repeat(10_000)}${'</x>'.repeat(10_000)}</channel></rss>`;
  assert.equal(parseAzureStatusRss(deep), null);
  assert.equal(parseAzureStatusRss('<rss><channel><item><title>a</item></title></channel></rss>'), null);
  assert.equal(parseAzureStatusRss('<feed><entry><title>Atom, not RSS</title></entry></feed>'), null);
  assert.equal(parseAzureStatusRss(''), null);
});

test('an item without a title is still an incident, with no title rather than an invented one', () => {
  const rss = '<rss version="2.0"><channel><item><pubDate>Sun, 23 Nov 2026 10:31:00 Z</pubDate></item></channel></rss>';
  assert.deepEqual(parseAzureStatusRss(rss), [
    {
      title: null,
      url: null,
      startedAt: '2026-11-23T10:31:00.000Z',
      updatedAt: '2026-11-23T10:31:00.000Z',
      regions: [],
    },
  ]);
});
