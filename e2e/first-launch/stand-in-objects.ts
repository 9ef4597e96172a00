// The objects the stand-in 'electron' hands to main (tray, window, web
// contents, notification): each records its calls and reports what Electron
// would not accept, through the stand-in that made it.
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Menu, Rectangle, StandInElectron } from './stand-in-electron';

class Emitter extends EventEmitter {}

export interface WindowOptions {
  show?: boolean;
  icon?: string;
  webPreferences?: { preload?: string; sandbox?: boolean; contextIsolation?: boolean; nodeIntegration?: boolean };
  [key: string]: unknown;
}

export class StandInTray extends Emitter {
  imagePath = '';
  tooltip = '';
  menu: Menu | null = null;
  destroyed = false;

  constructor(private readonly standIn: StandInElectron) {
    super();
  }
  setImage(image: { path: string }): void {
    this.standIn.record('Tray.setImage', [image.path]);
    this.standIn.checkTrayImage('Tray.setImage', image.path);
    this.imagePath = image.path;
  }
  setToolTip(text: string): void {
    this.standIn.record('Tray.setToolTip', [text]);
    this.tooltip = text;
  }
  setContextMenu(menu: Menu): void {
    this.standIn.record('Tray.setContextMenu');
    this.menu = menu;
  }
  destroy(): void {
    this.standIn.record('Tray.destroy');
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class StandInWebContents extends Emitter {
  readonly mainFrame = { url: '' };
  destroyed = false;
  /** What the page receives on its channels (through the preload's ipcRenderer). */
  readonly pageListeners = new Map<string, ((event: object, payload: unknown) => void)[]>();
  windowOpenHandler: unknown = null;

  constructor(private readonly standIn: StandInElectron) {
    super();
  }
  send(channel: string, payload: unknown): void {
    this.standIn.record('webContents.send', [channel]);
    for (const listener of this.pageListeners.get(channel) ?? []) listener({}, structuredClone(payload));
  }
  setWindowOpenHandler(handler: unknown): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class StandInWindow extends Emitter {
  readonly webContents: StandInWebContents;
  bounds: Rectangle;
  painted = false;
  visible = false;
  destroyed = false;
  maximized = false;
  loadedUrl = '';

  constructor(
    private readonly standIn: StandInElectron,
    readonly options: WindowOptions,
  ) {
    super();
    this.webContents = new StandInWebContents(standIn);
    const { x, y, width, height } = options as unknown as Rectangle;
    this.bounds = { x, y, width, height };
  }

  async loadURL(url: string): Promise<void> {
    this.standIn.record('BrowserWindow.loadURL', [url]);
    if (!url.startsWith('file:')) this.standIn.violate(`the window loads a non-file URL: ${url}`);
    else this.standIn.checkFile('BrowserWindow.loadURL', fileURLToPath(url.split('#')[0] ?? url));
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    this.emit('page-load', url);
    setImmediate(() => {
      this.painted = true;
      this.emit('ready-to-show');
      this.webContents.emit('did-finish-load');
    });
  }
  private needsPaint(api: string): void {
    this.standIn.record(api);
    if (!this.painted) this.standIn.violate(`${api} before ready-to-show: a blank window flashes`);
  }
  show(): void {
    this.needsPaint('BrowserWindow.show');
    this.visible = true;
  }
  maximize(): void {
    this.needsPaint('BrowserWindow.maximize');
    this.maximized = true;
    this.visible = true;
  }
  hide(): void {
    this.standIn.record('BrowserWindow.hide');
    this.visible = false;
  }
  focus(): void {
    this.standIn.record('BrowserWindow.focus');
  }
  restore(): void {}
  removeMenu(): void {}
  setTitle(title: string): void {
    this.standIn.record('BrowserWindow.setTitle', [title]);
  }
  isMinimized(): boolean {
    return false;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isVisible(): boolean {
    return this.visible;
  }
  getBounds(): Rectangle {
    return { ...this.bounds };
  }
  getNormalBounds(): Rectangle {
    return { ...this.bounds };
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroy();
  }
  destroy(): void {
    this.standIn.record('BrowserWindow.destroy');
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

export class StandInNotification extends Emitter {
  shown = false;
  constructor(
    private readonly standIn: StandInElectron,
    readonly options: { title: string; body: string; icon?: string; toastXml?: string },
  ) {
    super();
  }
  show(): void {
    this.standIn.record('Notification.show', [this.options.title]);
    if (this.listenerCount('failed') === 0)
      this.standIn.violate('a notification without a "failed" handler: failures go unseen');
    this.shown = true;
  }
  close(): void {
    this.standIn.record('Notification.close');
  }
}
