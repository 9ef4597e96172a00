import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  monitorNotificationSchema,
  nativeNotificationOptions,
  notificationRoute,
  routeFromActivation,
  toastLaunchArguments,
  windowsToastXml,
} from './notification-model';

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

test('a Windows toast carries its route as launch arguments, and the activation reads it back', () => {
  const xml = windowsToastXml({ title: 'AWS <us-east-1> & co', body: '"Zoom"' }, notificationRoute(outage));
  assert.match(xml, /^<toast launch="#\/history\/14" activationType="foreground">/);
  assert.ok(xml.includes('AWS &#60;us-east-1&#62; &#38; co') && xml.includes('&#34;Zoom&#34;'), xml);
  assert.equal(routeFromActivation(toastLaunchArguments(xml)), '#/history/14');
  assert.equal(toastLaunchArguments(windowsToastXml(outage, null)), undefined);
});

test('an activation that is not one of our routes opens no route', () => {
  for (const foreign of ['', 'javascript:alert(1)', '#/history/14/../../x', '#/history/', '#/settings?x', undefined])
    assert.equal(routeFromActivation(foreign), null, String(foreign));
  assert.equal(routeFromActivation('#/status'), '#/status');
});
