// Shows the monitor's notifications natively. The policy (in the engine)
// decides what and when; here they are shown, and a click opens the window
// on the incident. Do-not-disturb: the OS notification centres (macOS Focus,
// Windows Focus Assist, freedesktop DND) hold back our notifications
// themselves; we never use `critical` urgency, which would break through.
import { Notification } from 'electron';
import { nativeNotificationOptions, notificationRoute, type MonitorNotification } from '../common/notification-model';

const MAX_KEPT = 20;

export class NotificationPresenter {
  /** Shown notifications are kept referenced: a collected one loses its click handler. */
  private readonly shown = new Set<Notification>();

  constructor(
    private readonly openWindow: (route: string) => void,
    private readonly iconPath: string | undefined,
  ) {}

  show(notification: MonitorNotification): void {
    if (!Notification.isSupported()) return;
    const native = new Notification({
      ...nativeNotificationOptions(notification),
      ...(this.iconPath ? { icon: this.iconPath } : {}),
    });
    this.shown.add(native);
    // 'close' is not reported on every platform: keep only the latest few.
    for (const old of this.shown) {
      if (this.shown.size <= MAX_KEPT) break;
      this.shown.delete(old);
    }
    native.on('click', () => this.openWindow(notificationRoute(notification)));
    native.on('close', () => this.shown.delete(native));
    native.on('failed', () => this.shown.delete(native));
    native.show();
  }

  closeAll(): void {
    for (const native of this.shown) native.close();
    this.shown.clear();
  }
}
