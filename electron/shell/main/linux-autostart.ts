// Start at login on Linux: an XDG autostart entry
// ($XDG_CONFIG_HOME/autostart/<id>.desktop, per the freedesktop Desktop
// Application Autostart spec). No Electron here, so tests run it with a
// temporary HOME.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';

export interface AutostartEntry {
  /** File stem, e.g. outage-watch */
  id: string;
  name: string;
  comment: string;
  /** Program and arguments; each is quoted per the Desktop Entry spec. */
  exec: string[];
  icon: string;
}

export interface AutostartLocation {
  home: string;
  xdgConfigHome: string | undefined;
}

/** $XDG_CONFIG_HOME when it is an absolute path (the spec says ignore it otherwise), else ~/.config. */
export function autostartFile(id: string, location: AutostartLocation): string {
  const configHome =
    location.xdgConfigHome && isAbsolute(location.xdgConfigHome)
      ? location.xdgConfigHome
      : join(location.home, '.config');
  return join(configHome, 'autostart', `${id}.desktop`);
}

/** Quotes one Exec argument: reserved characters force double quotes; `"`, `` ` ``, `$`, `\` are escaped. */
export function quoteExecArgument(argument: string): string {
  const escaped = argument.replace(/%/g, '%%');
  if (!/[\s"'\\><~|&;$*?#()`]/.test(escaped) && escaped.length > 0) return escaped;
  return `"${escaped.replace(/(["`$\\])/g, '\\$1')}"`;
}

/** Values in a .desktop file are one line; \n, \t, \r and \\ are escaped. */
function desktopValue(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
}

export function autostartDesktopEntry(entry: AutostartEntry): string {
  const exec = entry.exec.map(quoteExecArgument).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${desktopValue(entry.name)}`,
    `Comment=${desktopValue(entry.comment)}`,
    `Exec=${desktopValue(exec)}`,
    `Icon=${desktopValue(entry.icon)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Enabled = our file exists and is not marked Hidden=true (how desktops turn an entry off). */
export async function isAutostartEnabled(id: string, location: AutostartLocation): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(autostartFile(id, location), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  return !/^Hidden\s*=\s*true\s*$/m.test(text) && !/^X-GNOME-Autostart-enabled\s*=\s*false\s*$/m.test(text);
}

/** Writes (temp file + rename) or removes the entry; returns the resulting state. */
export async function setAutostart(
  enabled: boolean,
  entry: AutostartEntry,
  location: AutostartLocation,
): Promise<boolean> {
  const file = autostartFile(entry.id, location);
  if (!enabled) {
    await rm(file, { force: true });
    return false;
  }
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, autostartDesktopEntry(entry), { mode: 0o644 });
  await rename(temp, file);
  return true;
}
