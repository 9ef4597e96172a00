// How V8 runs an engine that stays up (`watch`, `serve`, `demo`, the app's
// engine process): it spends its life waiting on sockets and timers, so the
// optimising compilers (Maglev, TurboFan) cost it more than they save — at
// idle over 20 apps they add ~10 MiB of compiler code and memory and more CPU
// than they win back — and a 16 MiB young generation is room a few MiB of
// garbage a minute never needs. BENCHMARKS.md ("Engine idle") has the figures.
// Short commands (`check`, `catalog`) keep V8's defaults: a round over many
// apps is where the compilers pay.
export const ENGINE_V8_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--no-opt', '--no-maglev'];

/** Whether a process started with these arguments already runs with the engine's flags. */
export const runsWithEngineFlags = (execArgv: readonly string[]): boolean =>
  ENGINE_V8_FLAGS.every((flag) => execArgv.includes(flag));
