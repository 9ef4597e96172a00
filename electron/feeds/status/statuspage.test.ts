// Statuspage's summary.json, as Atlassian publishes it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  STATUSPAGE_ALL_CLEAR,
  STATUSPAGE_DEGRADED_WITHOUT_INCIDENT,
  STATUSPAGE_INCIDENT,
} from '../../testkit/status-feed-documents';
import { parseStatuspageSummary, statuspageFeed } from './statuspage';
test('Statuspage summary: open incidents count, resolved ones and maintenance do not', () => {
  assert.deepEqual(parseStatuspageSummary(STATUSPAGE_INCIDENT, 'https://status.example.com'), [
    {
      title: 'Elevated error rates for API requests',
      url: 'https://stspg.io/p31zjtct2jer',
      startedAt: '2026-11-23T10:14:00.000Z',
      updatedAt: '2026-11-23T10:21:07.520Z',
      regions: [],
    },
  ]);
  assert.deepEqual(parseStatuspageSummary(STATUSPAGE_ALL_CLEAR, 'https://status.example.com'), []);
  assert.deepEqual(
    parseStatuspageSummary(STATUSPAGE_DEGRADED_WITHOUT_INCIDENT, 'https://status.example.com')?.map((i) => i.title),
    ['Minor Service Outage'],
  );
  assert.equal(parseStatuspageSummary('{"status": {}}', 'https://status.example.com'), null);
  assert.equal(parseStatuspageSummary('<html>', 'https://status.example.com'), null);
});

test('titles are one line, without control characters or bidi overrides, and bounded', () => {
  const summary = (name: string) =>
    JSON.stringify({ status: { indicator: 'major' }, incidents: [{ id: 'a', name, status: 'investigating' }] });
  assert.equal(
    parseStatuspageSummary(summary('Degraded\n\tAPI\u0007 \u202eevil\u202c'), 'https://status.example.com')?.[0]?.title,
    'Degraded API evil',
  );
  const long = parseStatuspageSummary(summary('x'.repeat(5000)), 'https://status.example.com')?.[0]?.title ?? '';
  assert.equal(long.length, 300);
});

test('links a page offers are kept only when http(s); a hostile page URL does not throw', () => {
  const hostile = JSON.stringify({
    page: { url: 'not a url at all' },
    status: { indicator: 'major' },
    incidents: [
      { id: 'a', name: 'One', status: 'investigating', shortlink: 'javascript:alert(1)' },
      { id: 'b/../../x', name: 'Two', status: 'identified' },
    ],
  });
  const incidents = parseStatuspageSummary(hostile, 'https://status.example.com/');
  assert.deepEqual(
    incidents?.map((i) => i.url),
    ['https://status.example.com/incidents/a', 'https://status.example.com/incidents/b%2F..%2F..%2Fx'],
  );
});

test('the document is the API summary under the page the catalog names', () => {
  assert.equal(
    statuspageFeed.documentUrl({ kind: 'statuspage', url: 'https://status.zoom.us' }),
    'https://status.zoom.us/api/v2/summary.json',
  );
});
