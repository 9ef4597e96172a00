// AWS Health's public current events.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAwsHealthEvents } from './aws-health';
import { AWS_EVENTS } from '../../testkit/status-feed-documents';
test('AWS Health events: region from the service key, [RESOLVED] ones dropped', () => {
  const incidents = parseAwsHealthEvents(AWS_EVENTS);
  assert.equal(incidents?.length, 1);
  assert.deepEqual(incidents?.[0], {
    title: 'Multiple services (N. Virginia): Increased Error Rates and Latencies',
    url: 'https://health.aws.amazon.com/health/status',
    startedAt: '2025-10-21T08:58:00.000Z',
    updatedAt: '2025-10-21T10:11:00.000Z',
    regions: ['us-east-1'],
  });
  assert.deepEqual(parseAwsHealthEvents('[]'), []);
  assert.equal(parseAwsHealthEvents('{"events": []}'), null);
});
