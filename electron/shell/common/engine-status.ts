// How the engine process is doing, as main sees it; the tray shows it.
export type EngineStatus = { kind: 'running' } | { kind: 'restarting' } | { kind: 'failed'; problem: string };
