// `npm run icons`: renders every tray and app icon from the SVG sources in
// resources/icons/src (each tray state plain and with the problem badge) into
// resources/icons/generated (git-ignored: generated output is never committed). Run by `npm run build:main` and `npm run dist`.
//   tsx scripts/make-icons.ts [--out DIR]
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Resvg } from '@resvg/resvg-js';
import pngToIco from 'png-to-ico';
import { TRAY_ICON_STATES, trayIconFiles, type TrayIconState } from '../electron/shell/common/tray-icon-model';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ICON_SOURCE_DIR = join(root, 'resources', 'icons', 'src');
export const ICON_OUTPUT_DIR = join(root, 'resources', 'icons', 'generated');

/** Colours for Windows and Linux trays; the glyph, not the colour, carries the meaning. */
export const TRAY_COLOURS: Record<TrayIconState, string> = {
  ok: '#1f883d',
  degraded: '#b35900',
  local: '#cf222e',
  blocked: '#bf3989',
  upstream: '#8250df',
  checking: '#6e7781',
  paused: '#6e7781',
  unknown: '#6e7781',
};

export const MAC_TRAY_SIZE = 16;
export const WINDOWS_TRAY_SIZES = [16, 20, 24, 32, 48] as const;
export const LINUX_TRAY_SIZE = 32;
export const APP_ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
export const APP_LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512] as const;
export const APP_PNG_SIZE = 1024;

function renderPng(svg: string, size: number): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
}

/** Sets the root `color` the glyphs draw with (currentColor). */
function inColour(svg: string, colour: string): string {
  const recoloured = svg.replace(/(<svg\b[^>]*\scolor=")[^"]*(")/, `$1${colour}$2`);
  if (recoloured === svg && !svg.includes(`color="${colour}"`))
    throw new Error('tray SVG sources need a color="..." on the root <svg>');
  return recoloured;
}

/** Where the problem badge sits (the sources' 32 x 32 view box): the top right corner. */
export const BADGE = { cx: 25, cy: 7, r: 5.5, gap: 2.5 } as const;

/**
 * The badged variant of a tray source: the glyph with a ring cut out around
 * the corner and a dot inside it, in the glyph's colour, so it reads in the
 * black-and-alpha macOS template as well as in colour.
 */
export function withProblemBadge(svg: string): string {
  const open = /<svg\b[^>]*>/.exec(svg)?.[0];
  const close = svg.lastIndexOf('</svg>');
  if (!open || close < 0) throw new Error('a tray SVG source is one <svg> element');
  const { cx, cy, r, gap } = BADGE;
  return [
    open,
    `<mask id="problem-gap"><rect width="32" height="32" fill="#fff"/><circle cx="${cx}" cy="${cy}" r="${r + gap}" fill="#000"/></mask>`,
    `<g mask="url(#problem-gap)">${svg.slice(open.length, close)}</g>`,
    `<circle cx="${cx}" cy="${cy}" r="${r}" fill="currentColor"/>`,
    '</svg>',
  ].join('');
}

/** Writes every icon; returns the paths written, relative to `outDir`. */
export async function makeIcons(
  outDir: string = ICON_OUTPUT_DIR,
  sourceDir: string = ICON_SOURCE_DIR,
): Promise<string[]> {
  const written: string[] = [];
  async function write(relative: string, data: Buffer): Promise<void> {
    const path = join(outDir, relative);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data);
    written.push(relative);
  }

  for (const state of TRAY_ICON_STATES) {
    const plain = await readFile(join(sourceDir, `tray-${state}.svg`), 'utf8');
    for (const badged of [false, true]) {
      const source = badged ? withProblemBadge(plain) : plain;
      // macOS template images: black and alpha only; the menu bar tints them.
      const template = inColour(source, '#000000');
      const [mac1x, mac2x] = trayIconFiles(state, 'darwin', badged);
      if (!mac1x || !mac2x) throw new Error(`no macOS file names for ${state}`);
      await write(join('tray', mac1x), renderPng(template, MAC_TRAY_SIZE));
      await write(join('tray', mac2x), renderPng(template, MAC_TRAY_SIZE * 2));
      const coloured = inColour(source, TRAY_COLOURS[state]);
      const [ico] = trayIconFiles(state, 'win32', badged);
      const [png] = trayIconFiles(state, 'linux', badged);
      if (!ico || !png) throw new Error(`no Windows or Linux file name for ${state}`);
      await write(join('tray', ico), await pngToIco(WINDOWS_TRAY_SIZES.map((size) => renderPng(coloured, size))));
      await write(join('tray', png), renderPng(coloured, LINUX_TRAY_SIZE));
    }
  }

  const app = await readFile(join(sourceDir, 'app.svg'), 'utf8');
  // electron-builder turns the 1024 px PNG into the macOS .icns.
  await write(join('app', 'icon.png'), renderPng(app, APP_PNG_SIZE));
  await write(join('app', 'icon.ico'), await pngToIco(APP_ICO_SIZES.map((size) => renderPng(app, size))));
  for (const size of APP_LINUX_SIZES) await write(join('app', 'linux', `${size}x${size}.png`), renderPng(app, size));
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const written = await makeIcons(values.out ?? ICON_OUTPUT_DIR);
  console.log(`icons: ${written.length} files in ${values.out ?? ICON_OUTPUT_DIR}`);
}
