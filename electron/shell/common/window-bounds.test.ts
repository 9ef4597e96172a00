import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, clampWindowBounds, parseSavedBounds } from './window-bounds';

const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const external = { x: 1440, y: -200, width: 2560, height: 1400 };

test('nothing saved: the default size centred on the primary display', () => {
  assert.deepEqual(clampWindowBounds(null, [laptop]), {
    x: (1440 - DEFAULT_WINDOW_SIZE.width) / 2,
    y: Math.round((875 - DEFAULT_WINDOW_SIZE.height) / 2),
    ...DEFAULT_WINDOW_SIZE,
  });
});

test('bounds that fit are kept exactly', () => {
  const saved = { x: 1600, y: 0, width: 1200, height: 800 };
  assert.deepEqual(clampWindowBounds(saved, [laptop, external]), saved);
});

test('a window on an unplugged display comes back centred on the primary', () => {
  const saved = { x: 1600, y: 0, width: 1200, height: 800 };
  assert.deepEqual(clampWindowBounds(saved, [laptop]), { x: 120, y: 38, width: 1200, height: 800 });
});

test('a window hanging off an edge is moved fully onto the display it overlaps most', () => {
  assert.deepEqual(clampWindowBounds({ x: 1000, y: 600, width: 800, height: 600 }, [laptop]), {
    x: 640,
    y: 275,
    width: 800,
    height: 600,
  });
  assert.deepEqual(clampWindowBounds({ x: -300, y: -50, width: 800, height: 600 }, [laptop]), {
    x: 0,
    y: 0,
    width: 800,
    height: 600,
  });
});

test('too large is shrunk to the work area; too small is grown to the minimum', () => {
  assert.deepEqual(clampWindowBounds({ x: 0, y: 0, width: 3000, height: 2000 }, [laptop]), laptop);
  assert.deepEqual(clampWindowBounds({ x: 10, y: 10, width: 100, height: 100 }, [laptop]), {
    x: 10,
    y: 10,
    ...MIN_WINDOW_SIZE,
  });
});

test('a barely visible sliver counts as off-screen', () => {
  const sliver = { x: 1420, y: 10, width: 800, height: 600 };
  assert.deepEqual(clampWindowBounds(sliver, [laptop]), { x: 320, y: 138, width: 800, height: 600 });
});

test('no displays reported: the default size at the origin', () => {
  assert.deepEqual(clampWindowBounds({ x: 5, y: 5, width: 900, height: 700 }, []), {
    x: 0,
    y: 0,
    ...DEFAULT_WINDOW_SIZE,
  });
});

test('saved bounds parse from JSON; anything else is "none saved"', () => {
  assert.deepEqual(parseSavedBounds('{"x":1,"y":2,"width":900,"height":700}'), {
    x: 1,
    y: 2,
    width: 900,
    height: 700,
    maximized: false,
  });
  assert.deepEqual(parseSavedBounds('{"x":1,"y":2,"width":900,"height":700,"maximized":true}')?.maximized, true);
  for (const bad of [
    null,
    '',
    'not json',
    '[]',
    '{"x":1}',
    '{"x":1,"y":2,"width":-5,"height":700}',
    '{"x":1,"y":2,"width":900,"height":700,"evil":1}',
  ]) {
    assert.equal(parseSavedBounds(bad), null, String(bad));
  }
});
