// `watch`'s engine: the monitor over a data dir, with no window and nothing
// read from outside; the front door hears each confirmed verdict change and
// each problem, and stops it when asked.
import type { EngineProblem } from '../contracts/bridge';
import type { Config } from '../contracts/config';
import type { ExportProblem } from '../contracts/export-status';
import type { VerdictEvent } from './engine';
import { proxiesFromEnvironment } from './check';
import { openEngine } from './startup';

export interface WatchOptions {
  config: Config;
  dataDir: string;
  systemLocale: string;
  onVerdict(event: VerdictEvent): void;
  onProblem(problem: EngineProblem): void;
  /** Remote write started to fail, or fails in a new way (not each retry). */
  onExportProblem(problem: ExportProblem): void;
}

export interface Watch {
  stop(): Promise<void>;
}

/** Starts watching (throws EngineStartError 'history' when the history cannot open, 'export' when the export cannot start). */
export async function startWatch(options: WatchOptions): Promise<Watch> {
  const engine = await openEngine({
    startup: { config: options.config, savePath: null },
    dataDir: options.dataDir,
    systemLocale: options.systemLocale,
    refuseExportProblems: true,
    // The proxy the person's command-line tools use (HTTPS_PROXY, HTTP_PROXY, NO_PROXY).
    monitor: { roundOptions: { proxies: proxiesFromEnvironment(process.env) } },
  });
  engine.onVerdict(options.onVerdict);
  engine.onProblem(options.onProblem);
  let shownKind: string | null = null;
  engine.onExportStatus((status) => {
    const problem = status.remoteWrite.state === 'on' ? status.remoteWrite.problem : null;
    if (problem && problem.kind !== shownKind) options.onExportProblem(problem);
    shownKind = problem?.kind ?? null;
  });
  return { stop: () => engine.stop() };
}
