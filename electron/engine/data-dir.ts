// Where the CLI keeps its history when no --data-dir is given: the platform's
// per-user data folder. Pure: platform, environment and home come in.

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
