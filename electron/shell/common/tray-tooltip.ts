// The tray tooltip: the verdict's summary, cut to what every OS shows, and
// a second line while the engine has a problem (the history is not saved).
import type { AppState } from '../../contracts/bridge';
import type { Translator } from '../../i18n/translate';
import type { EngineStatus } from './engine-status';
import { trayPathLines } from './tray-path';

/** Windows keeps 128 UTF-16 units including the terminating NUL. */
export const MAX_TOOLTIP_UNITS = 127;

/** Cuts to `max` UTF-16 units, never through a surrogate pair, ending in an ellipsis. */
export function limitUtf16(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max - 1) break;
    out += char;
  }
  return `${out.trimEnd()}…`;
}

export function trayTooltip(state: AppState | null, engine: EngineStatus, translator: Translator): string {
  const { t } = translator;
  let text: string;
  if (engine.kind === 'failed') text = t('tray:tooltip.engineFailed', { problem: engine.problem });
  else if (engine.kind === 'restarting') text = t('tray:tooltip.engineDown');
  else if (state?.phase === 'paused' && state.pausedUntil)
    text = t('tray:tooltip.paused', { time: translator.formatDateTime(state.pausedUntil) });
  else if (state?.diagnosis) {
    const path = trayPathLines(state.diagnosis, t);
    text = t('tray:tooltip.summary', { summary: state.diagnosis.verdict.summary });
    // How the traffic leaves comes first: a long summary gives way, the VPN's name does not.
    if (path.length > 0) text = `${path.join(' · ')}\n${text}`;
  } else text = t('tray:tooltip.starting');
  // A problem gets its own line, kept whole: the summary gives way.
  const problem = engine.kind === 'running' ? state?.problems[0] : undefined;
  if (!problem) return limitUtf16(text, MAX_TOOLTIP_UNITS);
  const line = t(`tray:tooltip.problem.${problem.kind}`);
  return `${limitUtf16(text, MAX_TOOLTIP_UNITS - line.length - 1)}\n${line}`;
}
