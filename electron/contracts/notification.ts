// A notification the engine asks the desktop to show: decided by the
// monitor's policy (electron/monitor/notification-policy.ts), sent from the
// engine's process to main, shown by the shell. The texts arrive translated.
import type { VerdictKind } from './diagnosis';

export type NotificationKind = VerdictKind | 'recovered';

export interface MonitorNotification {
  /** Unique per notification shown. */
  id: string;
  title: string;
  body: string;
  /** The incident it is about (the closed one for a recovery); null when none is recorded. */
  incidentId: number | null;
  kind: NotificationKind;
}
