// Start at login for a development run on macOS. The OS's login items
// (SMAppService) start the running app bundle, which under `npm start` is the
// bare Electron.app; a per-user launch agent can name the program and its
// arguments (Electron and this app's folder). No Electron here: tests run it
// with a temporary HOME.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface LaunchAgent {
  /** The agent's label and file stem, e.g. app.outagewatch.desktop.dev */
  label: string;
  /** Program and arguments. */
  programArguments: string[];
}

export function launchAgentFile(label: string, home: string): string {
  return join(home, 'Library', 'LaunchAgents', `${label}.plist`);
}

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function launchAgentPlist(agent: LaunchAgent): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    '<dict>',
    '  <key>Label</key>',
    `  <string>${xmlText(agent.label)}</string>`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...agent.programArguments.map((argument) => `    <string>${xmlText(argument)}</string>`),
    '  </array>',
    '  <key>RunAtLoad</key>',
    '  <true/>',
    '  <key>ProcessType</key>',
    '  <string>Interactive</string>',
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}

export async function isLaunchAgentEnabled(label: string, home: string): Promise<boolean> {
  try {
    await readFile(launchAgentFile(label, home), 'utf8');
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Writes (temp file + rename) or removes the agent; returns the resulting state. */
export async function setLaunchAgent(enabled: boolean, agent: LaunchAgent, home: string): Promise<boolean> {
  const file = launchAgentFile(agent.label, home);
  if (!enabled) {
    await rm(file, { force: true });
    return false;
  }
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, launchAgentPlist(agent), { mode: 0o644 });
  await rename(temp, file);
  return true;
}
