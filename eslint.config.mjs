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
import { ELECTRON_LAYERS, LAYERS, PURE_LAYERS } from './eslint/layers.mjs';

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

/** The layer table as boundaries elements and policies: anything not listed is refused. */
const layering = {
  files: ['electron/**/*.{ts,tsx}', 'renderer/**/*.{ts,tsx}'],
  plugins: { boundaries },
  settings: {
    'boundaries/elements': [
      ...LAYERS.map(({ layer, path }) => ({ type: layer, pattern: `${path}/**`, partialMatch: false })),
      // Helpers of the browser tests (a built renderer, a served session); tests only.
      { type: 'e2e-support', pattern: 'e2e/support/**', partialMatch: false },
    ],
    'boundaries/files': [{ category: 'test', pattern: '**/*.test.{ts,tsx}' }],
    // The package manifest is data anyone may read (the fleet export reports its version).
    'boundaries/ignore': ['package.json'],
    'import/resolver': { typescript: { alwaysTryTypes: false } },
  },
  rules: {
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        policies: [
          ...LAYERS.map(({ layer, may }) => ({
            from: { element: { type: layer } },
            allow: { to: { element: { types: { anyOf: [layer, ...may] } } } },
          })),
          // Tests may also use the fakes, and read the words and data files they check.
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
