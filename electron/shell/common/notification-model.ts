// From a notification the monitor's policy decided on to the options of a
// native notification and the window route its click opens. The policy
// already chose what to say and when (cool-down, quiet hours, mutes); the
// texts arrive translated.
import { z } from 'zod';
import type { MonitorNotification } from '../../contracts/notification';

/** Checks what arrives from the engine process against the contract's MonitorNotification. */
export const monitorNotificationSchema = z.strictObject({
  id: z.string().min(1),
  kind: z.string().min(1),
  title: z.string().min(1),
  body: z.string(),
  /** The incident the notification is about; null for notices without one. */
  incidentId: z.number().int().nonnegative().nullable(),
}) satisfies z.ZodType<Omit<MonitorNotification, 'kind'> & { kind: string }>;

export type { MonitorNotification };

export interface NativeNotificationOptions {
  title: string;
  body: string;
  silent: boolean;
  /** Linux: `critical` would break through the desktop's do-not-disturb. */
  urgency: 'normal';
  timeoutType: 'default';
}

/** The window's route (renderer/state/use-route.ts: #/history/<id>) for an incident, or the status view. */
export function notificationRoute(notification: Pick<MonitorNotification, 'incidentId'>): string {
  return notification.incidentId === null ? '#/status' : `#/history/${notification.incidentId}`;
}

export function nativeNotificationOptions(
  notification: Pick<MonitorNotification, 'title' | 'body'>,
): NativeNotificationOptions {
  return {
    title: notification.title,
    body: notification.body,
    silent: false,
    urgency: 'normal',
    timeoutType: 'default',
  };
}

const ACTIVATION_ROUTE = /^#\/(?:status|history\/\d{1,15})$/;

/** The route a toast's activation carries back (Windows: its launch arguments); null for anything that is not one. */
export function routeFromActivation(launchArguments: string | undefined): string | null {
  return launchArguments !== undefined && ACTIVATION_ROUTE.test(launchArguments) ? launchArguments : null;
}

function xmlText(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * Windows: the toast as XML, its launch arguments the route, so that a toast
 * clicked in Action Center after the app restarted still opens its incident
 * (Notification.handleActivation receives the arguments, not the object).
 */
export function windowsToastXml(
  notification: Pick<MonitorNotification, 'title' | 'body'>,
  route: string | null,
): string {
  const launch = route === null ? '' : ` launch="${xmlText(route)}" activationType="foreground"`;
  return (
    `<toast${launch}><visual><binding template="ToastGeneric">` +
    `<text>${xmlText(notification.title)}</text><text>${xmlText(notification.body)}</text>` +
    `</binding></visual></toast>`
  );
}

/** The launch arguments a toast's XML carries (what Windows hands back on activation); undefined when none. */
export function toastLaunchArguments(toastXml: string): string | undefined {
  const launch = /<toast[^>]*\slaunch="([^"]*)"/.exec(toastXml)?.[1];
  return launch?.replace(/&#(\d+);/g, (_match, code: string) => String.fromCharCode(Number(code)));
}
