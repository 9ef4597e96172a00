#!/usr/bin/env node
// The package's `outage-watch` command: runs the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
process.argv[1] = fileURLToPath(new URL('../electron/cli/main.ts', import.meta.url));
await import('../electron/cli/main.ts');
