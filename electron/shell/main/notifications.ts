// Shows the monitor's notifications natively. The policy (in the engine)
// decides what and when; here they are shown, and a click opens the window
// on the incident. Do-not-disturb: the OS notification centres (macOS Focus,
// Windows Focus Assist, freedesktop DND) hold back our notifications
// themselves; we never use `critical` urgency, which would break through.
import { Notification } from 'electron';
import {
  nativeNotificationOptions,
  notificationRoute,
  routeFromActivation,
  windowsToastXml,
  type MonitorNotification,
} from '../common/notification-model';

const MAX_KEPT = 20;

export class NotificationPresenter {
  /** Shown notifications are kept referenced: a collected one loses its click handler. */
  private readonly shown = new Set<Notification>();

  constructor(
    private readonly openWindow: (route?: string) => void,
    private readonly iconPath: string | undefined,
    private readonly platform: NodeJS.Platform,
  ) {
    // A toast clicked in Action Center after the app restarted has no object
    // left to receive the click; Windows hands its launch arguments (the
    // route, see windowsToastXml) to this callback instead.
    if (platform === 'win32')
      Notification.handleActivation((details) => this.openWindow(routeFromActivation(details?.arguments) ?? undefined));
  }

  show(notification: MonitorNotification): void {
    const route = notificationRoute(notification);
    this.present(notification, () => this.openWindow(route), route);
  }

  /** A notice from the shell itself (no incident): a click runs onClick. */
  showNotice(title: string, body: string, onClick: () => void): void {
    this.present({ title, body }, onClick, null);
  }

  private present(texts: Pick<MonitorNotification, 'title' | 'body'>, onClick: () => void, route: string | null): void {
    if (!Notification.isSupported()) return;
    const native = new Notification({
      ...nativeNotificationOptions(texts),
      ...(this.iconPath ? { icon: this.iconPath } : {}),
      ...(this.platform === 'win32' ? { toastXml: windowsToastXml(texts, route) } : {}),
    });
    this.shown.add(native);
    // 'close' is not reported on every platform: keep only the latest few.
    for (const old of this.shown) {
      if (this.shown.size <= MAX_KEPT) break;
      this.shown.delete(old);
    }
    native.on('click', onClick);
    native.on('close', () => this.shown.delete(native));
    // An unsigned macOS build, or a Windows run without a Start-menu entry, cannot post notifications: say so.
    native.on('failed', (_event, error) => {
      this.shown.delete(native);
      console.warn(`outage-watch: a notification could not be shown: ${error}`);
    });
    native.show();
  }

  closeAll(): void {
    for (const native of this.shown) native.close();
    this.shown.clear();
  }
}
