// A problem of the engine as one stderr line, the same for `watch` and
// `serve`: a stable kind token, then the error as the engine met it.
import type { MonitorProblem } from '../engine/engine';

export function formatProblemLine(problem: Pick<MonitorProblem, 'kind' | 'message'>): string {
  return `outage-watch: ${problem.kind}: ${problem.message}`;
}
