import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { TRAY_ICON_STATES, trayIconFiles } from '../electron/shell/common/tray-icon-model';
import {
  APP_ICO_SIZES,
  APP_LINUX_SIZES,
  APP_PNG_SIZE,
  BADGE,
  LINUX_TRAY_SIZE,
  MAC_TRAY_SIZE,
  WINDOWS_TRAY_SIZES,
  makeIcons,
} from './make-icons';

interface Image {
  width: number;
  height: number;
  rgba: Buffer;
}

/** Decodes the 8-bit RGBA, non-interlaced PNGs resvg writes (enough to check pixels). */
function decodePng(file: Buffer): Image {
  assert.equal(file.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'PNG signature');
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const data = file.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      assert.equal(data[8], 8, 'bit depth');
      assert.equal(data[9], 6, 'colour type RGBA');
      assert.equal(data[12], 0, 'not interlaced');
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= 4 ? (rgba[y * stride + x - 4] ?? 0) : 0;
      const up = y > 0 ? (rgba[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = x >= 4 && y > 0 ? (rgba[(y - 1) * stride + x - 4] ?? 0) : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = Math.floor((left + up) / 2);
      else if (filter === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      rgba[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

/** Sizes listed in an .ico directory. */
function icoSizes(file: Buffer): number[] {
  assert.equal(file.readUInt16LE(0), 0);
  assert.equal(file.readUInt16LE(2), 1, 'type icon');
  const count = file.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => file.readUInt8(6 + 16 * i) || 256);
}

function alphaMask(image: Image): Buffer {
  return Buffer.from(
    Array.from({ length: image.width * image.height }, (_, i) => ((image.rgba[i * 4 + 3] ?? 0) > 127 ? 1 : 0)),
  );
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const relative = join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(join(dir, entry.name), relative)));
    else out.push(relative);
  }
  return out.sort();
}

test('the generator writes every tray icon for every state and platform, and the app icons', async (t) => {
  const out = await mkdtemp(join(tmpdir(), 'outage-watch-icons-'));
  t.after(() => rm(out, { recursive: true, force: true }));
  const written = await makeIcons(out);
  const expectedTray = TRAY_ICON_STATES.flatMap((s) =>
    (['darwin', 'win32', 'linux'] as const).flatMap((p) => [...trayIconFiles(s, p), ...trayIconFiles(s, p, true)]),
  ).map((f) => join('tray', f));
  const expectedApp = ['app/icon.png', 'app/icon.ico', ...APP_LINUX_SIZES.map((s) => `app/linux/${s}x${s}.png`)];
  assert.deepEqual([...written].sort(), [...expectedTray, ...expectedApp].sort());
  assert.deepEqual(await listFiles(out), [...expectedTray, ...expectedApp].sort());

  await t.test('macOS: black template images at @1x and @2x, each state a different shape', async () => {
    const masks = new Map<string, string>();
    for (const state of TRAY_ICON_STATES) {
      const [oneX, twoX] = trayIconFiles(state, 'darwin');
      const small = decodePng(await readFile(join(out, 'tray', oneX ?? '')));
      const large = decodePng(await readFile(join(out, 'tray', twoX ?? '')));
      assert.deepEqual(
        [small.width, small.height, large.width, large.height],
        [MAC_TRAY_SIZE, MAC_TRAY_SIZE, MAC_TRAY_SIZE * 2, MAC_TRAY_SIZE * 2],
      );
      for (let i = 0; i < large.rgba.length; i += 4) {
        if ((large.rgba[i + 3] ?? 0) > 0)
          assert.deepEqual([...large.rgba.subarray(i, i + 3)], [0, 0, 0], `${state}: template pixels are black`);
      }
      const mask = alphaMask(large);
      const covered = mask.reduce((sum, v) => sum + v, 0) / mask.length;
      assert.ok(covered > 0.15 && covered < 0.85, `${state}: a visible glyph (${covered.toFixed(2)} covered)`);
      masks.set(state, mask.toString('hex'));
    }
    // Without colour, each state still has its own shape: masks differ by many pixels.
    const states = [...masks.keys()];
    for (const a of states) {
      for (const b of states) {
        if (a >= b) continue;
        const ma = Buffer.from(masks.get(a) ?? '', 'hex');
        const mb = Buffer.from(masks.get(b) ?? '', 'hex');
        const differing = ma.reduce((sum, v, i) => sum + (v !== mb[i] ? 1 : 0), 0);
        assert.ok(differing > ma.length * 0.05, `${a} and ${b} differ in only ${differing} pixels`);
      }
    }
  });

  await t.test("a badged icon is its state's glyph with a dot in the top right corner, apart from it", async () => {
    const size = MAC_TRAY_SIZE * 2;
    const scale = size / 32;
    const distance = (i: number) =>
      Math.hypot(((i % size) + 0.5) / scale - BADGE.cx, (Math.floor(i / size) + 0.5) / scale - BADGE.cy);
    for (const state of TRAY_ICON_STATES) {
      const read = async (badged: boolean) =>
        alphaMask(decodePng(await readFile(join(out, 'tray', trayIconFiles(state, 'darwin', badged)[1] ?? ''))));
      const [plain, badged] = [await read(false), await read(true)];
      let changed = 0;
      for (let i = 0; i < plain.length; i++) {
        const d = distance(i);
        // One pixel of slack at each edge for anti-aliasing.
        if (d > BADGE.r + BADGE.gap + 1)
          assert.equal(badged[i], plain[i], `${state}: the glyph is kept away from the badge`);
        else if (d < BADGE.r - 1) assert.equal(badged[i], 1, `${state}: the dot is drawn`);
        else if (d > BADGE.r + 1 && d < BADGE.r + BADGE.gap - 1)
          assert.equal(badged[i], 0, `${state}: a gap rings the dot`);
        if (badged[i] !== plain[i]) changed += 1;
      }
      assert.ok(changed > 0, `${state}: the badge changes the icon`);
    }
  });

  await t.test('Windows: one .ico per state with the tray sizes; Linux: one coloured PNG per state', async () => {
    for (const state of TRAY_ICON_STATES) {
      const [ico] = trayIconFiles(state, 'win32');
      assert.deepEqual(icoSizes(await readFile(join(out, 'tray', ico ?? ''))), [...WINDOWS_TRAY_SIZES]);
      const [png] = trayIconFiles(state, 'linux');
      const image = decodePng(await readFile(join(out, 'tray', png ?? '')));
      assert.deepEqual([image.width, image.height], [LINUX_TRAY_SIZE, LINUX_TRAY_SIZE]);
      let coloured = false;
      for (let i = 0; i < image.rgba.length; i += 4) {
        const [r, g, b, a] = image.rgba.subarray(i, i + 4);
        if ((a ?? 0) > 200 && (r !== 0 || g !== 0 || b !== 0)) coloured = true;
      }
      assert.ok(coloured, `${state}: the Linux icon is coloured`);
    }
  });

  await t.test('app icon: 1024 px PNG (for the macOS .icns), a multi-size .ico, and Linux sizes', async () => {
    const big = decodePng(await readFile(join(out, 'app', 'icon.png')));
    assert.deepEqual([big.width, big.height], [APP_PNG_SIZE, APP_PNG_SIZE]);
    assert.deepEqual(icoSizes(await readFile(join(out, 'app', 'icon.ico'))), [...APP_ICO_SIZES]);
    for (const size of APP_LINUX_SIZES) {
      const image = decodePng(await readFile(join(out, 'app', 'linux', `${size}x${size}.png`)));
      assert.deepEqual([image.width, image.height], [size, size]);
    }
  });
});
