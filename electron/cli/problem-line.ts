// A problem of the engine as one stderr line, the same for `watch` and
// `serve` (and remote write's for `watch`): a stable kind token, then the
// error as the engine met it.
import type { EngineProblem } from '../contracts/bridge';
import type { ExportProblemKind } from '../contracts/export-status';

export function formatProblemLine(problem: {
  kind: EngineProblem['kind'] | ExportProblemKind;
  message: string;
}): string {
  return `outage-watch: ${problem.kind}: ${problem.message}`;
}
