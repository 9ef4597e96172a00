// The tray's context menu as plain data, built from the monitor's state. The
// shell maps each `action` to a handler and hands the rest to
// Menu.buildFromTemplate; on Linux this menu is the whole UI, so every
// action is here.
import type { AppState } from '../../contracts/bridge';
import type { AppStatus } from '../../contracts/diagnosis';
import type { Translator } from '../../i18n/translate';
import { trayPathLines } from './tray-path';
import type { EngineStatus } from './engine-status';

export type TrayAction = 'check-now' | 'open' | 'pause' | 'resume' | 'start-at-login' | 'quit';

export type TrayMenuItem =
  | { type: 'label'; label: string }
  | { type: 'separator' }
  | { type: 'action'; action: Exclude<TrayAction, 'start-at-login'>; label: string; enabled: boolean }
  | { type: 'checkbox'; action: 'start-at-login'; label: string; checked: boolean };

/** Menus past this many app lines get unwieldy; the rest are counted. */
export const MAX_APP_LINES = 12;
/** Long verdict sentences are cut so the menu stays a sane width. */
export const MAX_LABEL_CHARS = 90;

/** A mark per status so the list reads without colour. */
const STATUS_MARKS: Record<AppStatus, string> = { up: '✓', degraded: '~', down: '✗', unknown: '?' };

export interface TrayMenuInput {
  /** null until the engine's first state arrives. */
  state: AppState | null;
  engine: EngineStatus;
  /** null where start at login is not supported. */
  startAtLogin: boolean | null;
  translator: Translator;
}

export function truncateLabel(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

export function trayMenuModel({ state, engine, startAtLogin, translator }: TrayMenuInput): TrayMenuItem[] {
  const { t } = translator;
  const items: TrayMenuItem[] = [];
  if (engine.kind === 'failed') {
    items.push({
      type: 'label',
      label: truncateLabel(t('tray:menu.engineFailed', { problem: engine.problem }), MAX_LABEL_CHARS),
    });
  } else if (engine.kind === 'restarting' || state === null) {
    items.push({
      type: 'label',
      label: t(engine.kind === 'restarting' ? 'tray:menu.engineDown' : 'tray:menu.verdictPending'),
    });
  } else {
    const verdict = state.diagnosis?.verdict;
    items.push({
      type: 'label',
      label: truncateLabel(verdict?.summary ?? t('tray:menu.verdictPending'), MAX_LABEL_CHARS),
    });
    for (const line of trayPathLines(state.diagnosis, t)) {
      items.push({ type: 'label', label: truncateLabel(line, MAX_LABEL_CHARS) });
    }
    if (state.phase === 'paused' && state.pausedUntil) {
      items.push({
        type: 'label',
        label: t('tray:menu.pausedUntil', { time: translator.formatDateTime(state.pausedUntil) }),
      });
    }
    // What the engine could not do (the history, a round) shows right under the verdict.
    for (const problem of state.problems) {
      items.push({
        type: 'label',
        label: truncateLabel(t(`tray:menu.problem.${problem.kind}`, { message: problem.message }), MAX_LABEL_CHARS),
      });
    }
    const apps = state.diagnosis?.apps ?? [];
    if (apps.length > 0) items.push({ type: 'separator' });
    for (const app of apps.slice(0, MAX_APP_LINES)) {
      const label = t('tray:menu.app', {
        mark: STATUS_MARKS[app.status],
        name: app.name,
        status: t(`tray:status.${app.status}`),
      });
      items.push({ type: 'label', label: truncateLabel(label, MAX_LABEL_CHARS) });
    }
    if (apps.length > MAX_APP_LINES) {
      items.push({ type: 'label', label: t('tray:menu.moreApps', { count: apps.length - MAX_APP_LINES }) });
    }
  }
  items.push({ type: 'separator' });
  const running = state !== null && engine.kind === 'running';
  const checking = running && state.phase === 'checking' && state.progress.total > 0;
  items.push({
    type: 'action',
    action: 'check-now',
    label: checking
      ? t('tray:menu.checking', { done: state.progress.done, total: state.progress.total })
      : t('tray:menu.checkNow'),
    // As in the window: while paused nothing is probed, so Resume comes first.
    enabled: running && !checking && state.phase !== 'paused',
  });
  items.push({ type: 'action', action: 'open', label: t('tray:menu.open'), enabled: true });
  if (state?.phase === 'paused')
    items.push({ type: 'action', action: 'resume', label: t('tray:menu.resume'), enabled: running });
  else items.push({ type: 'action', action: 'pause', label: t('tray:menu.pause'), enabled: running });
  if (startAtLogin !== null) {
    items.push({
      type: 'checkbox',
      action: 'start-at-login',
      label: t('tray:menu.startAtLogin'),
      checked: startAtLogin,
    });
  }
  items.push({ type: 'separator' });
  items.push({ type: 'action', action: 'quit', label: t('tray:menu.quit'), enabled: true });
  return items;
}
