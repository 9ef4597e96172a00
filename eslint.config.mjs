// `npm run lint`: typescript-eslint's recommended rules, the React hooks rules
// for the window, and Prettier's formatting (eslint-config-prettier turns off
// the rules that would fight it). Source files stay under about 400 lines: a
// longer one says why at its top with an eslint-disable max-lines comment.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import boundaries from 'eslint-plugin-boundaries';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { ELECTRON_LAYERS, LAYERS, PURE_LAYERS, TOOLING } from './eslint/layers.mjs';

const pathsOf = (names) => LAYERS.filter(({ layer }) => names.includes(layer)).map(({ path }) => `${path}/**`);

const ELECTRON_ONLY_IN_SHELL = {
  name: 'electron',
  allowTypeImports: true,
  message: 'only shell/main and shell/preload load electron',
};
// Paths and URLs are string work, not I/O.
const NO_IO_IN_PURE_LAYERS = {
  group: ['node:*', '!node:path', '!node:url'],
  message: 'a pure layer does no I/O (eslint/layers.mjs)',
};
const restrictedImports = (files, options) => ({
  files,
  ignores: ['**/*.test.{ts,tsx}'],
  rules: { '@typescript-eslint/no-restricted-imports': ['error', options] },
});

const TABLE = [...LAYERS, ...TOOLING];
// boundaries' elements are folders: a layer of some files of a folder (`files`)
// is a file category, and its folder's element holds it too.
const FOLDER_LAYERS = TABLE.filter(({ files }) => !files);
const FILE_LAYERS = TABLE.filter(({ files }) => files);
const isFileLayer = (name) => FILE_LAYERS.some(({ layer }) => layer === name);
const allowTo = (names) => [
  { to: { element: { types: { anyOf: names.filter((name) => !isFileLayer(name)) } } } },
  ...(names.some(isFileLayer) ? [{ to: { file: { categories: { anyOf: names.filter(isFileLayer) } } } }] : []),
];
/** The layer table as boundaries elements and policies: anything not listed is refused. */
const layering = {
  files: ['{electron,renderer}/**/*.{ts,tsx}', '{e2e,scripts,eslint,bin}/**/*.{ts,tsx,mts,mjs}'],
  plugins: { boundaries },
  settings: {
    'boundaries/elements': FOLDER_LAYERS.map(({ layer, path }) => ({
      type: layer,
      pattern: `${path}/**`,
      partialMatch: false,
    })),
    'boundaries/files': [
      { category: 'test', pattern: '**/*.test.{ts,tsx}' },
      ...FILE_LAYERS.map(({ layer, path, files }) => ({ category: layer, pattern: `${path}/${files}` })),
    ],
    // The package manifest is data anyone may read (the fleet export reports its version).
    'boundaries/ignore': ['package.json'],
    'import/resolver': { typescript: { alwaysTryTypes: false } },
  },
  rules: {
    // The last policy that matches decides.
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        policies: [
          ...FOLDER_LAYERS.map(({ layer, may }) => ({
            from: { element: { type: layer } },
            allow: allowTo([layer, ...may]),
          })),
          // A file layer is held to its own list, not to its folder's.
          ...FILE_LAYERS.flatMap(({ layer, may }) => [
            {
              from: { file: { categories: layer } },
              disallow: { to: { element: { types: { anyOf: FOLDER_LAYERS.map((entry) => entry.layer) } } } },
            },
            { from: { file: { categories: layer } }, allow: allowTo([layer, ...may]) },
          ]),
          // Tests may also use the fakes, read the words and data files they
          // check, and have the window built for them (e2e/support: the one
          // way into e2e/ from electron/, for serve's test of the real window).
          {
            from: { file: { categories: 'test' } },
            allow: { to: { element: { types: { anyOf: ['testkit', 'i18n', 'resources', 'e2e-support'] } } } },
          },
          { allow: { to: { module: { origin: ['external', 'core'] } } } },
        ],
      },
    ],
    'boundaries/no-unknown-dependencies': 'error',
    'boundaries/no-unknown-files': 'error',
  },
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist-electron/',
      'dist-cli*/',
      'dist-app/',
      'release/',
      'test-results/',
      '.tmp/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['**/*.{ts,tsx,mts,mjs}'],
    ignores: ['**/*.test.ts', '**/*.spec.ts', 'e2e/**', 'scripts/**'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  layering,
  // Loading 'electron' outside Electron runs its installer: only the main
  // process and the preload may (elsewhere its types are fine). Pure layers
  // also do no I/O: no Node built-ins.
  restrictedImports(pathsOf(LAYERS.map(({ layer }) => layer).filter((layer) => !ELECTRON_LAYERS.includes(layer))), {
    paths: [ELECTRON_ONLY_IN_SHELL],
  }),
  restrictedImports(pathsOf(PURE_LAYERS), { paths: [ELECTRON_ONLY_IN_SHELL], patterns: [NO_IO_IN_PURE_LAYERS] }),
  prettier,
);
