// Names the OS knows the app by. APP_ID must equal electron-builder's appId:
// Windows ties notifications and the taskbar to it.
export const APP_ID = 'app.outagewatch.desktop';
export const PRODUCT_NAME = 'Outage Watch';
/** Linux autostart file stem and icon name (the package's executable name). */
export const LINUX_EXECUTABLE = 'outage-watch';

/** Who this run is to the OS: the installed app, or a development run (`npm start`). */
export interface AppIdentity {
  /** Windows AppUserModelID, macOS launch agent label. */
  appId: string;
  /** The folder under the OS's app-data folder: history, config, the single-instance lock. */
  dataFolderName: string;
  /** Linux autostart file stem. */
  autostartId: string;
  /** Shown in login items and autostart entries. */
  displayName: string;
}

/**
 * A development run keeps apart from an installed copy on the same machine:
 * its own data folder (so its lock never makes `npm start` quit while the
 * app runs, and its migrations never touch the real history) and its own
 * login item.
 */
export function appIdentity(packaged: boolean): AppIdentity {
  if (packaged)
    return { appId: APP_ID, dataFolderName: PRODUCT_NAME, autostartId: LINUX_EXECUTABLE, displayName: PRODUCT_NAME };
  return {
    appId: `${APP_ID}.dev`,
    dataFolderName: `${PRODUCT_NAME} Dev`,
    autostartId: `${LINUX_EXECUTABLE}-dev`,
    displayName: `${PRODUCT_NAME} Dev`,
  };
}
