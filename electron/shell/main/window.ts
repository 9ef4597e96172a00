// The window: made on first demand, hidden (not closed) on close so the app
// lives on in the tray, and reopened where it was left.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { BrowserWindow, nativeTheme, screen } from 'electron';
import { CrashReloads, MAX_RELOADS } from '../common/crash-reloads';
import { MIN_WINDOW_SIZE, clampWindowBounds, parseSavedBounds, type SavedBounds } from '../common/window-bounds';

export interface WindowOptions {
  rendererUrl: string;
  preloadPath: string;
  boundsFile: string;
  iconPath: string | undefined;
  title: () => string;
  /** True while the app quits: then close really closes. */
  isQuitting: () => boolean;
  /** The page kept crashing and the window was closed: tell the person (it opens again from the tray). */
  onPageGaveUp: () => void;
}

function readSavedBounds(file: string): SavedBounds | null {
  try {
    return parseSavedBounds(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

export class MainWindow {
  private window: BrowserWindow | null = null;
  private saveTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: WindowOptions) {}

  get webContents(): Electron.WebContents | null {
    return this.window && !this.window.isDestroyed() ? this.window.webContents : null;
  }

  /** Shows the window; `route` (a URL hash such as #/history/3) picks the view. */
  show(route?: string): void {
    const url = route ? `${this.options.rendererUrl}${route}` : null;
    if (this.window && !this.window.isDestroyed()) {
      if (url) void this.window.loadURL(url);
      if (this.window.isMinimized()) this.window.restore();
      this.window.show();
      this.window.focus();
      return;
    }
    this.window = this.create(url ?? this.options.rendererUrl);
  }

  private create(url: string): BrowserWindow {
    const saved = readSavedBounds(this.options.boundsFile);
    // The OS does not promise which display getAllDisplays() lists first: the primary goes first.
    const primary = screen.getPrimaryDisplay();
    const others = screen.getAllDisplays().filter((display) => display.id !== primary.id);
    const bounds = clampWindowBounds(
      saved,
      [primary, ...others].map((display) => display.workArea),
    );
    const window = new BrowserWindow({
      ...bounds,
      minWidth: MIN_WINDOW_SIZE.width,
      minHeight: MIN_WINDOW_SIZE.height,
      show: false,
      title: this.options.title(),
      ...(this.options.iconPath ? { icon: this.options.iconPath } : {}),
      // The page's own background (renderer/styles/tokens.css --bg), so resizing never flashes.
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#15181c' : '#f5f6f8',
      autoHideMenuBar: true,
      webPreferences: {
        preload: this.options.preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        safeDialogs: true,
        disableBlinkFeatures: 'Auxclick',
      },
    });
    window.removeMenu();
    // maximize() shows the window: only once the page has painted, or it flashes blank.
    window.once('ready-to-show', () => (saved?.maximized ? window.maximize() : window.show()));
    const reloads = new CrashReloads();
    window.webContents.on('render-process-gone', (_event, details) => {
      console.warn(`outage-watch: the window's page stopped (${details.reason}, exit code ${details.exitCode})`);
      // A crash or an out-of-memory kill: load the page again; a clean exit needs nothing.
      if (details.reason === 'clean-exit' || window.isDestroyed() || this.options.isQuitting()) return;
      if (reloads.mayReload(Date.now())) {
        void window.loadURL(this.options.rendererUrl);
        return;
      }
      // A page that crashes as it loads would be reloaded forever: close the window; the tray opens it anew.
      console.warn(
        `outage-watch: the window's page crashed ${MAX_RELOADS + 1} times within a minute; the window is closed until it is opened again`,
      );
      this.saveBounds(window);
      window.destroy();
      this.options.onPageGaveUp();
    });
    window.on('close', (event) => {
      this.saveBounds(window);
      if (!this.options.isQuitting()) {
        event.preventDefault();
        window.hide();
      }
    });
    window.on('resize', () => this.scheduleSave(window));
    window.on('move', () => this.scheduleSave(window));
    window.on('maximize', () => this.scheduleSave(window));
    window.on('unmaximize', () => this.scheduleSave(window));
    window.on('closed', () => {
      if (this.window === window) this.window = null;
    });
    void window.loadURL(url);
    return window;
  }

  private scheduleSave(window: BrowserWindow): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveBounds(window), 500);
  }

  private saveBounds(window: BrowserWindow): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (window.isDestroyed() || window.isMinimized()) return;
    const bounds = window.isMaximized() ? window.getNormalBounds() : window.getBounds();
    const saved: SavedBounds = { ...bounds, maximized: window.isMaximized() };
    // Synchronous: the last save happens as the app quits, when a pending write would be lost.
    try {
      const temp = `${this.options.boundsFile}.tmp`;
      writeFileSync(temp, `${JSON.stringify(saved)}\n`);
      renameSync(temp, this.options.boundsFile);
    } catch (error) {
      console.warn(`outage-watch: the window's place was not saved: ${(error as Error).message}`);
    }
  }

  setTitle(title: string): void {
    if (this.window && !this.window.isDestroyed()) this.window.setTitle(title);
  }

  destroy(): void {
    if (this.window && !this.window.isDestroyed()) {
      this.saveBounds(this.window);
      this.window.destroy();
    }
    this.window = null;
  }
}
