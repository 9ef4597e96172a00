// What a data dir holds, and where the CLI keeps one when no --data-dir is
// given: the platform's per-user data folder. Pure: platform, environment and
// home come in.

export { HISTORY_FILE_NAME } from '../monitor/history-store';
/** The config Settings saves when no --config was named (the app always keeps its config here). */
export const CONFIG_FILE_NAME = 'config.json';
/** The providers' IP range lists, cached for a day. */
export const IP_RANGES_FOLDER = 'ip-ranges';

export interface DataDirInputs {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
}

export function defaultDataDir({ platform, env, home }: DataDirInputs): string {
  if (platform === 'win32') {
    const appData = env.APPDATA || `${home}\\AppData\\Roaming`;
    return `${appData}\\Outage Watch`;
  }
  if (platform === 'darwin') return `${home}/Library/Application Support/Outage Watch`;
  // XDG: a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  const base = xdg && xdg.startsWith('/') ? xdg : `${home}/.local/share`;
  return `${base}/outage-watch`;
}
