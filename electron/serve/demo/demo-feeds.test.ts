// The demo shows official status like the app: its status pages follow the
// scenario, and the AWS-like outage gets AWS's own word next to the verdict.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_IP_RANGES, demoFeedDocument } from './demo-feeds';
import { startDemoSession } from './demo-session';

test('status pages follow the scenario; other URLs are not answered', () => {
  const now = Date.parse('2026-11-22T10:00:00Z');
  const aws = (scenario: Parameters<typeof demoFeedDocument>[1]) =>
    JSON.parse(demoFeedDocument('https://health.aws.amazon.com/public/currentevents', scenario, now) ?? 'null');
  assert.equal(aws('aws-like-outage').length, 1);
  assert.deepEqual(aws('all-fine'), []);
  const zoom = JSON.parse(demoFeedDocument('https://status.zoom.us/api/v2/summary.json', 'one-app-down', now) ?? '{}');
  assert.equal(zoom.incidents[0].status, 'investigating');
  assert.equal(demoFeedDocument('https://example.com/anything', 'all-fine', now), null);
});

test('the AWS-like outage shows AWS acknowledging it, as the app does', { timeout: 90_000 }, async () => {
  const session = await startDemoSession({ systemLocale: 'en_US.UTF-8', monitor: { timings: { heartbeatMs: 2_000 } } });
  try {
    await session.demo.switchTo('aws-like-outage');
    let official = (await session.engine.bridge.getState()).officialStatus;
    for (let i = 0; i < 100 && !official.some((s) => s.provider === 'aws'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      official = (await session.engine.bridge.getState()).officialStatus;
    }
    const aws = official.find((s) => s.provider === 'aws');
    assert.ok(aws, JSON.stringify(official));
    assert.equal(aws.acknowledged, true);
  } finally {
    await session.close();
  }
});

test(
  'the demo attributes by IP range like the app: its in-memory list places Zoom, which nothing else places',
  { timeout: 90_000 },
  async () => {
    assert.equal(demoFeedDocument(DEMO_IP_RANGES.url, 'all-fine', Date.now()), '127.0.0.1/32\n');
    const session = await startDemoSession({
      systemLocale: 'en_US.UTF-8',
      monitor: { timings: { heartbeatMs: 2_000 } },
    });
    try {
      // The ranges load beside the monitor; the rounds after that use them.
      const zoomNow = async () =>
        (await session.engine.bridge.getState()).diagnosis?.apps.find((app) => app.id === 'zoom');
      let zoom = await zoomNow();
      for (let i = 0; i < 60 && zoom?.provider !== 'cloudflare'; i++) {
        await session.engine.bridge.checkNow();
        await new Promise((resolve) => setTimeout(resolve, 500));
        zoom = await zoomNow();
      }
      assert.equal(zoom?.provider, 'cloudflare');
      const alexa = (await session.engine.bridge.getState()).diagnosis?.apps.find((app) => app.id === 'alexa');
      assert.equal(alexa?.provider, 'aws', 'a CNAME outranks the range');
    } finally {
      await session.close();
    }
  },
);
