// A problem of the engine as one stderr line, the same for `watch` and
// `serve`: a stable kind token, then the error as the engine met it.
import type { EngineProblem } from '../contracts/bridge';

export function formatProblemLine(problem: Pick<EngineProblem, 'kind' | 'message'>): string {
  return `outage-watch: ${problem.kind}: ${problem.message}`;
}
