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

const APP_LAYERS = LAYERS.map(({ layer }) => layer);

// The tooling around the product, outside electron/ and renderer/: it may use
// the product, the product never uses it (only tests may have the window
// built through e2e/support: eslint.config.mjs). `files` marks the part of a
// folder that is a layer of its own (the build tools in scripts/): those files
// are held to their own list, not to their folder's.
export const TOOLING = [
  // Build and run scripts on plain Node (no TypeScript loader: they run before
  // anything is built): each other and packages only.
  { layer: 'build-tools', path: 'scripts', files: '*.{mjs,mts}', may: [] },
  // The package's bin: builds the CLI when stale, then runs it.
  { layer: 'bin', path: 'bin', may: ['build-tools'] },
  // Helpers of the browser tests: a built renderer, a served session.
  { layer: 'e2e-support', path: 'e2e/support', may: [...APP_LAYERS, 'build-tools'] },
  // Browser, Electron and lab tests: the product, staged or built by the build tools.
  { layer: 'e2e', path: 'e2e', may: [...APP_LAYERS, 'e2e-support', 'build-tools'] },
  // electron-builder's config and resources (the scripts' tests read the config).
  { layer: 'packaging', path: 'build', may: [] },
  // Benchmarks, the fuzzer, the icon maker and the scripts' tests; the
  // detection benchmark drives the lab of e2e/.
  { layer: 'scripts', path: 'scripts', may: [...APP_LAYERS, 'e2e', 'e2e-support', 'build-tools', 'packaging'] },
  // The layer table itself: data, importing nothing.
  { layer: 'eslint', path: 'eslint', may: [] },
];

/** Layers whose code must do no I/O: no node: modules at all. */
export const PURE_LAYERS = ['contracts', 'i18n', 'catalog', 'diagnose', 'shell-common', 'renderer'];

/** Where the 'electron' module may be loaded at run time (elsewhere: type-only imports). */
export const ELECTRON_LAYERS = ['shell-main', 'shell-preload'];
