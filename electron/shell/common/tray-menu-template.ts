// The menu model turned into what Menu.buildFromTemplate takes. Only types
// come from Electron, so this runs (and is tested) under plain Node.
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayMenuItem } from './tray-menu-model';

export type TrayActionHandler = (action: TrayAction, checked?: boolean) => void;

/** Windows and Linux read `&` as a mnemonic marker; `&&` is a literal one (an app named "AT&T"). */
export function menuLabel(text: string, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? text : text.replace(/&/g, '&&');
}

export function toMenuTemplate(
  items: TrayMenuItem[],
  onAction: TrayActionHandler,
  platform: NodeJS.Platform,
): MenuItemConstructorOptions[] {
  const label = (text: string) => menuLabel(text, platform);
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: label(item.label), enabled: false };
      case 'action':
        return { label: label(item.label), enabled: item.enabled, click: () => onAction(item.action) };
      case 'checkbox':
        return {
          type: 'checkbox',
          label: label(item.label),
          checked: item.checked,
          click: (menuItem) => onAction(item.action, menuItem.checked),
        };
    }
  });
}
