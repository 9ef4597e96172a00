// The tray icon: its image, tooltip and menu follow the monitor's state. The
// menu is rebuilt only when its content changes, so an open menu is not
// yanked away by progress updates. Tests may inject the Tray constructor.
import { join } from 'node:path';
import { Menu, Tray, nativeImage } from 'electron';
import type { AppState } from '../../contracts/bridge';
import type { Translator } from '../../i18n/translate';
import { iconPlatform, trayIconBadged, trayIconFile, trayIconState } from '../common/tray-icon-model';
import type { EngineStatus } from '../common/engine-status';
import { trayMenuModel, type TrayAction, type TrayMenuItem } from '../common/tray-menu-model';
import { toMenuTemplate } from '../common/tray-menu-template';
import { trayTooltip } from '../common/tray-tooltip';

export interface TrayView {
  state: AppState | null;
  engine: EngineStatus;
  startAtLogin: boolean | null;
  translator: Translator;
}

export interface TrayOptions {
  iconDir: string;
  platform: NodeJS.Platform;
  onAction: (action: TrayAction, checked?: boolean) => void;
  TrayClass?: typeof Tray;
}

export class TrayController {
  private readonly tray: Tray;
  private shownIcon = '';
  private shownTooltip = '';
  private shownMenu = '';
  private items: TrayMenuItem[] = [];

  constructor(
    private readonly options: TrayOptions,
    initial: TrayView,
  ) {
    const TrayClass = options.TrayClass ?? Tray;
    this.tray = new TrayClass(this.iconPath(initial));
    // Windows delivers clicks; macOS opens the menu on click; on Linux the
    // menu is all there is, and it holds every action.
    if (options.platform === 'win32') this.tray.on('click', () => options.onAction('open'));
    this.update(initial);
  }

  private iconPath(view: TrayView): string {
    return join(
      this.options.iconDir,
      trayIconFile(
        trayIconState(view.state, view.engine),
        iconPlatform(this.options.platform),
        trayIconBadged(view.state, view.engine),
      ),
    );
  }

  update(view: TrayView): void {
    const icon = this.iconPath(view);
    if (icon !== this.shownIcon) {
      this.tray.setImage(nativeImage.createFromPath(icon));
      this.shownIcon = icon;
    }
    const tooltip = trayTooltip(view.state, view.engine, view.translator);
    if (tooltip !== this.shownTooltip) {
      this.tray.setToolTip(tooltip);
      this.shownTooltip = tooltip;
    }
    const items = trayMenuModel(view);
    this.items = items;
    const menuKey = JSON.stringify(items);
    if (menuKey !== this.shownMenu) {
      this.tray.setContextMenu(
        Menu.buildFromTemplate(toMenuTemplate(items, this.options.onAction, this.options.platform)),
      );
      this.shownMenu = menuKey;
    }
  }

  /** The menu as last shown. */
  get menuItems(): TrayMenuItem[] {
    return this.items;
  }

  destroy(): void {
    this.tray.destroy();
  }
}
