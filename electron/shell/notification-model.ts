// From a notification the monitor's policy decided on to the options of a
// native notification and the window route its click opens. The policy
// already chose what to say and when (cool-down, quiet hours, mutes); the
// texts arrive translated.
import { z } from 'zod';

export const monitorNotificationSchema = z.strictObject({
  title: z.string().min(1),
  body: z.string(),
  /** The incident the notification is about; null for notices without one. */
  incidentId: z.number().int().nonnegative().nullable(),
});
export type MonitorNotification = z.output<typeof monitorNotificationSchema>;

export interface NativeNotificationOptions {
  title: string;
  body: string;
  silent: boolean;
  /** Linux: `critical` would break through the desktop's do-not-disturb. */
  urgency: 'normal';
  timeoutType: 'default';
}

/** The window's route (a URL hash) that shows an incident, or the status view. */
export function notificationRoute(notification: MonitorNotification): string {
  return notification.incidentId === null ? '#/status' : `#/history/incident/${notification.incidentId}`;
}

export function nativeNotificationOptions(notification: MonitorNotification): NativeNotificationOptions {
  return {
    title: notification.title,
    body: notification.body,
    silent: false,
    urgency: 'normal',
    timeoutType: 'default',
  };
}
