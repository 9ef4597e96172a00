// Which tray icon shows for the monitor's state, and which file holds it on
// each platform. Pure: the shell only turns the path into a nativeImage.
import type { AppState } from '../../contracts/bridge';
import type { EngineStatus } from './engine-status';

/** One icon per state; each has its own glyph so none relies on colour. */
export const TRAY_ICON_STATES = [
  'ok',
  'degraded',
  'local',
  'blocked',
  'upstream',
  'checking',
  'paused',
  'unknown',
] as const;
export type TrayIconState = (typeof TRAY_ICON_STATES)[number];

export type IconPlatform = 'darwin' | 'win32' | 'linux';

/**
 * A check in progress keeps the last verdict's icon so the tray does not
 * flicker every round; only the first check (and a restarting engine, whose
 * last state is stale) shows `checking`; an engine that cannot start, `unknown`.
 */
export function trayIconState(state: AppState | null, engine: EngineStatus): TrayIconState {
  if (engine.kind === 'failed') return 'unknown';
  if (state === null || engine.kind === 'restarting') return 'checking';
  if (state.phase === 'paused') return 'paused';
  const verdict = state.diagnosis?.verdict;
  if (!verdict) return state.phase === 'offline-backoff' ? 'local' : 'checking';
  if (verdict.kind === 'ok') return 'ok';
  if (verdict.kind === 'degraded') return 'degraded';
  // A filter on this network refusing some names: local, but not a broken network.
  if (verdict.kind === 'blocked') return 'blocked';
  if (verdict.scope === 'local') return 'local';
  if (verdict.scope === 'upstream') return 'upstream';
  return 'unknown';
}

/**
 * A problem of the engine's own (a look or a history write that failed) adds
 * a badge to the verdict's icon: the glyph still answers "me or them", the
 * badge says at a glance that the menu has more to say (a verdict that may be
 * stale, incidents not saved). A stale or failed engine has its own icon.
 */
export function trayIconBadged(state: AppState | null, engine: EngineStatus): boolean {
  return engine.kind === 'running' && (state?.problems.length ?? 0) > 0;
}

export function iconPlatform(platform: NodeJS.Platform): IconPlatform {
  return platform === 'darwin' || platform === 'win32' ? platform : 'linux';
}

/**
 * File names under the generated tray folder. macOS: black template images
 * (the menu bar recolours them for light/dark), @1x and @2x; Windows: one
 * .ico with several sizes; Linux: one PNG (StatusNotifier hosts scale it).
 * A badged icon is `tray-<state>-problem`.
 */
export function trayIconFiles(iconState: TrayIconState, platform: IconPlatform, badged = false): string[] {
  const name = `tray-${iconState}${badged ? '-problem' : ''}`;
  switch (platform) {
    case 'darwin':
      return [`darwin/${name}Template.png`, `darwin/${name}Template@2x.png`];
    case 'win32':
      return [`win32/${name}.ico`];
    case 'linux':
      return [`linux/${name}.png`];
  }
}

/** The file to hand to `nativeImage.createFromPath`; macOS finds @2x beside it. */
export function trayIconFile(iconState: TrayIconState, platform: IconPlatform, badged = false): string {
  const [first] = trayIconFiles(iconState, platform, badged);
  if (first === undefined) throw new Error(`no tray icon for ${iconState} on ${platform}`);
  return first;
}
