// Every word the window shows comes from the locale files: this finds JSX text
// and user-facing props (aria-label, title, placeholder, alt, label) written as
// literals in renderer/**/*.tsx, and t('...') keys missing from English or Arabic.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { parseAst } from 'rolldown/parseAst';
import { LOCALE_RESOURCES } from '../electron/i18n/locales';

const root = new URL('.', import.meta.url).pathname;
const USER_FACING_PROPS = new Set([
  'aria-label',
  'aria-description',
  'aria-valuetext',
  'aria-roledescription',
  'title',
  'placeholder',
  'alt',
  'label',
]);
const PLURAL_SUFFIXES = ['_zero', '_one', '_two', '_few', '_many', '_other'];
/** Text with a letter in any script is words; arrows, dashes and spaces are not. */
const hasWords = (text: string) => /\p{L}/u.test(text);

type Node = { type: string; start: number; [key: string]: unknown };

function tsxFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) tsxFiles(path, out);
    else if (name.endsWith('.tsx')) out.push(path);
  }
  return out;
}

function walk(node: unknown, visit: (node: Node, parent: Node | null) => void, parent: Node | null = null): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit, parent);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const isNode = typeof (node as Node).type === 'string';
  if (isNode) visit(node as Node, parent);
  for (const value of Object.values(node))
    if (value !== null && typeof value === 'object') walk(value, visit, isNode ? (node as Node) : parent);
}

function literalText(node: Node | null | undefined): string | null {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral')
    return (node.quasis as { value: { cooked: string } }[]).map((q) => q.value.cooked).join('');
  if (node.type === 'JSXExpressionContainer') return literalText(node.expression as Node);
  return null;
}

interface Finding {
  line: number;
  what: string;
}

/** Literal words in JSX, and the static keys passed to t(). */
function scanSource(source: string): { findings: Finding[]; keys: string[] } {
  const ast = parseAst(source, { lang: 'tsx' });
  const findings: Finding[] = [];
  const keys: string[] = [];
  const lineOf = (offset: number) => source.slice(0, offset).split('\n').length;
  walk(ast, (node, parent) => {
    if (node.type === 'JSXText' && hasWords(String(node.value)))
      findings.push({ line: lineOf(node.start), what: `text "${String(node.value).trim()}"` });
    // A {...} child of an element (attribute values are judged below, by name).
    if (node.type === 'JSXExpressionContainer' && (parent?.type === 'JSXElement' || parent?.type === 'JSXFragment')) {
      const text = literalText(node.expression as Node);
      if (text !== null && hasWords(text)) findings.push({ line: lineOf(node.start), what: `text {"${text}"}` });
    }
    if (node.type === 'JSXAttribute') {
      const name = (node.name as { name?: string }).name ?? '';
      const text = literalText(node.value as Node | null);
      if (USER_FACING_PROPS.has(name) && text !== null && hasWords(text))
        findings.push({ line: lineOf(node.start), what: `${name}="${text}"` });
    }
    if (node.type === 'CallExpression') {
      const callee = node.callee as Node & { name?: string };
      const first = (node.arguments as Node[])[0];
      if (
        callee.type === 'Identifier' &&
        callee.name === 't' &&
        first?.type === 'Literal' &&
        typeof first.value === 'string'
      )
        keys.push(first.value);
    }
  });
  return { findings, keys };
}

function hasKey(tree: unknown, path: string): boolean {
  let node = tree;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string';
}

function keyExists(language: 'en' | 'ar', key: string): boolean {
  const [namespace, path] = key.includes(':') ? (key.split(':') as [string, string]) : ['ui', key];
  const tree = (LOCALE_RESOURCES[language] as Record<string, unknown>)[namespace];
  return hasKey(tree, path) || PLURAL_SUFFIXES.some((suffix) => hasKey(tree, `${path}${suffix}`));
}

function leafKeys(tree: unknown, prefix = ''): string[] {
  if (typeof tree === 'string') return [prefix];
  return Object.entries(tree as Record<string, unknown>).flatMap(([name, value]) =>
    leafKeys(value, prefix ? `${prefix}.${name}` : name),
  );
}

const stripPlural = (key: string) =>
  PLURAL_SUFFIXES.reduce((k, suffix) => (k.endsWith(suffix) ? k.slice(0, -suffix.length) : k), key);

test('the scanner catches literal words (so a clean result means something)', () => {
  const { findings, keys } = scanSource(
    `const a = <p title="Close" aria-label={'Menu'} placeholder={\`Search\`}>Hello {'world'} {t('x.y')} → {' '}<b dir="ltr">{count}</b></p>;`,
  );
  assert.deepEqual(
    findings.map((f) => f.what),
    ['title="Close"', 'aria-label="Menu"', 'placeholder="Search"', 'text "Hello"', 'text {"world"}'],
  );
  assert.deepEqual(keys, ['x.y']);
});

test('no user-facing literal in renderer/**/*.tsx, and every t() key exists in English and Arabic', () => {
  const problems: string[] = [];
  const files = tsxFiles(root);
  assert.ok(files.length >= 10, `expected the window's components, found ${files.length}`);
  for (const file of files) {
    const { findings, keys } = scanSource(readFileSync(file, 'utf8'));
    for (const finding of findings) problems.push(`${relative(root, file)}:${finding.line}: ${finding.what}`);
    for (const key of keys) {
      for (const language of ['en', 'ar'] as const) {
        if (!keyExists(language, key)) problems.push(`${relative(root, file)}: t('${key}') is missing in ${language}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('the Arabic ui namespace has every English key (plural forms aside)', () => {
  const english = new Set(leafKeys(LOCALE_RESOURCES.en.ui).map(stripPlural));
  const arabic = new Set(leafKeys(LOCALE_RESOURCES.ar.ui).map(stripPlural));
  assert.deepEqual(
    [...english].filter((k) => !arabic.has(k)),
    [],
  );
  assert.deepEqual(
    [...arabic].filter((k) => !english.has(k)),
    [],
  );
});
