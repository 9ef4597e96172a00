// Builds the window once when a test file runs on its own (npm test builds it first).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RENDERER_DIR } from '../../electron/serve/server';
import { runTool } from '../../scripts/tools.mjs';

export function ensureRendererBuilt(): void {
  if (existsSync(join(RENDERER_DIR, 'index.html'))) return;
  if (runTool('vite', ['build', '--logLevel', 'warn']) !== 0) throw new Error('vite build failed');
}
