// The window reopens where it was, unless that place is gone (a monitor
// unplugged, a resolution changed): then it is moved or shrunk onto a
// display the user can see.
import { z } from 'zod';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_SIZE = { width: 1040, height: 720 } as const;
export const MIN_WINDOW_SIZE = { width: 560, height: 420 } as const;
/** Pixels that must show on a display, both ways, for the user to find and grab the window. */
const MIN_VISIBLE = 80;

export const savedBoundsSchema = z.strictObject({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean().default(false),
});
export type SavedBounds = z.output<typeof savedBoundsSchema>;

/** Shared area, counting only when at least MIN_VISIBLE pixels show each way. */
function visibleOverlap(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width >= MIN_VISIBLE && height >= MIN_VISIBLE ? width * height : 0;
}

function centred(size: { width: number; height: number }, area: Rectangle): Rectangle {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return {
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width,
    height,
  };
}

/**
 * `workAreas` are the displays' work areas (without task bars); the first is
 * the primary. Returns bounds that fit the display the saved bounds overlap
 * most, or centred default bounds on the primary when they overlap none.
 */
export function clampWindowBounds(saved: Rectangle | null, workAreas: Rectangle[]): Rectangle {
  const primary = workAreas[0];
  if (!primary) return { x: 0, y: 0, ...DEFAULT_WINDOW_SIZE };
  if (!saved) return centred(DEFAULT_WINDOW_SIZE, primary);
  let best: Rectangle | null = null;
  let bestOverlap = 0;
  for (const area of workAreas) {
    const shared = visibleOverlap(saved, area);
    if (shared > bestOverlap) {
      best = area;
      bestOverlap = shared;
    }
  }
  if (!best) return centred({ width: saved.width, height: saved.height }, primary);
  const width = Math.min(Math.max(saved.width, MIN_WINDOW_SIZE.width), best.width);
  const height = Math.min(Math.max(saved.height, MIN_WINDOW_SIZE.height), best.height);
  const x = Math.min(Math.max(saved.x, best.x), best.x + best.width - width);
  const y = Math.min(Math.max(saved.y, best.y), best.y + best.height - height);
  return { x, y, width, height };
}

/** Reads saved bounds from JSON text; anything unreadable means "none saved". */
export function parseSavedBounds(text: string | null): SavedBounds | null {
  if (text === null) return null;
  try {
    const parsed = savedBoundsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
