import { test } from 'node:test';
import assert from 'node:assert/strict';
import { monitorNotificationSchema, nativeNotificationOptions, notificationRoute } from './notification-model';

const outage = {
  id: 'n-1',
  kind: 'provider-outage',
  title: 'AWS us-east-1 is failing',
  body: 'Zoom, Alexa, Prime Video',
  incidentId: 14,
};

test('a notification becomes native options with the policy text, normal urgency, never critical', () => {
  assert.deepEqual(nativeNotificationOptions(outage), {
    title: 'AWS us-east-1 is failing',
    body: 'Zoom, Alexa, Prime Video',
    silent: false,
    urgency: 'normal',
    timeoutType: 'default',
  });
});

test('clicking opens the incident, or the status view when there is none', () => {
  assert.equal(notificationRoute(outage), '#/history/14');
  assert.equal(notificationRoute({ ...outage, incidentId: null }), '#/status');
});

test('the schema refuses malformed notifications from the engine process', () => {
  assert.equal(monitorNotificationSchema.safeParse(outage).success, true);
  assert.equal(monitorNotificationSchema.safeParse({ ...outage, title: '' }).success, false);
  assert.equal(monitorNotificationSchema.safeParse({ ...outage, incidentId: -1 }).success, false);
  assert.equal(monitorNotificationSchema.safeParse({ title: 'x', body: 'y' }).success, false);
});
