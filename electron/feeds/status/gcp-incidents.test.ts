// Google Cloud's incidents.json.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GCP_INCIDENTS } from '../../testkit/status-feed-documents';
import { parseGcpIncidents } from './gcp-incidents';
test('Google Cloud incidents.json: only incidents without an end, with their locations', () => {
  assert.deepEqual(parseGcpIncidents(GCP_INCIDENTS), [
    {
      title: 'Multiple Google Cloud products are experiencing elevated error rates in us-east1',
      url: 'https://status.cloud.google.com/incidents/ow5i3PPK96RduMcb1SsW',
      startedAt: '2026-11-23T10:02:31.000Z',
      updatedAt: '2026-11-23T10:30:00.000Z',
      regions: ['us-east1'],
    },
  ]);
  assert.equal(parseGcpIncidents('{}'), null);
});

test('a link the feed offers is kept only when http(s)', () => {
  const gcp = JSON.stringify([{ external_desc: 'x', uri: 'javascript:alert(1)' }]);
  assert.equal(parseGcpIncidents(gcp)?.[0]?.url, 'https://status.cloud.google.com/');
});
