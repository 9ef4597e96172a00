// The layers of the code and which may import which: the one table that
// eslint.config.mjs turns into the boundaries rule and docs/architecture.md
// explains. A layer may import itself and the layers it lists, nothing else;
// the table must stay acyclic (eslint/layers.test.ts), so no two folders can
// ever import each other. Tests may also use the testkit.
export const LAYERS = [
  // What both sides agree on: types, schemas, the Bridge's call table.
  { layer: 'contracts', path: 'electron/contracts', may: [] },
  // Data files: the catalog and the locales.
  { layer: 'resources', path: 'resources', may: [] },
  // One i18next set-up, pure; the renderer uses it too.
  { layer: 'i18n', path: 'electron/i18n', may: ['contracts', 'resources'] },
  // Known apps and providers: facts and pure attribution.
  { layer: 'catalog', path: 'electron/catalog', may: ['contracts', 'resources'] },
  // One file per probe kind, and the round that runs them.
  { layer: 'probe', path: 'electron/probe', may: ['contracts', 'catalog'] },
  // Pure: evidence -> verdict.
  { layer: 'diagnose', path: 'electron/diagnose', may: ['contracts', 'catalog', 'i18n'] },
  // Documents the providers publish: status feeds and IP range lists.
  { layer: 'feeds', path: 'electron/feeds', may: ['contracts', 'catalog', 'i18n'] },
  // The continuous watch: scheduling, incidents, history, notification policy.
  { layer: 'monitor', path: 'electron/monitor', may: ['contracts', 'catalog', 'i18n', 'probe', 'diagnose'] },
  // The fleet export: the series of contracts section 7 as /metrics and as
  // remote write, with its offline spool. It hears the Monitor only through
  // what the engine hands it (diagnoses, changes, looks, a spool storage), so
  // it imports none of the monitor; every front door exports alike.
  { layer: 'export', path: 'electron/export', may: ['contracts'] },
  // The one engine every front door starts.
  {
    layer: 'engine',
    path: 'electron/engine',
    may: ['contracts', 'catalog', 'i18n', 'probe', 'diagnose', 'feeds', 'monitor', 'export'],
  },
  // Fake upstreams for the tests, the lab and the demo.
  { layer: 'testkit', path: 'electron/testkit', may: ['contracts', 'catalog', 'probe'] },
  // Front doors: thin adapters over the engine.
  // The CLI is also the process entry that dispatches commands: `serve` and
  // `demo` parse their flags, open the engine and hand it to the HTTP window
  // (serve/). serve/ never imports cli/, so this edge stays one-way.
  { layer: 'cli', path: 'electron/cli', may: ['engine', 'serve', 'contracts', 'i18n'] },
  { layer: 'serve', path: 'electron/serve', may: ['engine', 'contracts', 'i18n', 'testkit'] },
  // The desktop shell, by where its code runs.
  { layer: 'shell-common', path: 'electron/shell/common', may: ['contracts', 'i18n'] },
  { layer: 'shell-main', path: 'electron/shell/main', may: ['shell-common', 'contracts', 'i18n'] },
  { layer: 'shell-preload', path: 'electron/shell/preload', may: ['shell-common', 'contracts'] },
  {
    layer: 'shell-engine-host',
    path: 'electron/shell/engine-host',
    may: ['engine', 'shell-common', 'contracts', 'i18n'],
  },
  // The window: the Bridge's types and the words, nothing of the engine.
  { layer: 'renderer', path: 'renderer', may: ['contracts', 'i18n'] },
];

/** Layers whose code must do no I/O: no node: modules at all. */
export const PURE_LAYERS = ['contracts', 'i18n', 'diagnose', 'shell-common', 'renderer'];

/** Where the 'electron' module may be loaded at run time (elsewhere: type-only imports). */
export const ELECTRON_LAYERS = ['shell-main', 'shell-preload'];
