#!/usr/bin/env node
// The package's `outage-watch` command: runs the TypeScript CLI through tsx.
import { fileURLToPath } from 'node:url';
import { ensureProjectNode } from '../scripts/project-node.mjs';

await ensureProjectNode('outage-watch');
const { register } = await import('tsx/esm/api');

register();
process.argv[1] = fileURLToPath(new URL('../electron/cli/main.ts', import.meta.url));
await import('../electron/cli/main.ts');
