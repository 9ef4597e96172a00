#!/usr/bin/env node
// The package's `outage-watch` command (and `npm run cli`): runs the CLI's
// esbuild bundle in dist-cli/ on plain Node, in this same process. npm ci's
// prepare step builds it; when it is missing, or a project file it was built
// from changed since, it is built here first; where it cannot be, one line says how.
import * as nodeModule from 'node:module';
import { ensureProjectNode } from '../scripts/project-node.mjs';
import { buildCli, cliBundleState, cliEntryUrl } from '../scripts/build-cli.mjs';

await ensureProjectNode('outage-watch');

const state = cliBundleState();
if (state !== 'fresh') {
  try {
    await buildCli();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (state === 'missing') {
      console.error(
        `outage-watch: the program is not built (dist-cli/ is missing) and could not be built here: ${reason}. Run \`npm ci\` (or \`npm run build:cli\`) in ${new URL('..', import.meta.url).pathname} first.`,
      );
      process.exit(1);
    }
    console.error(`outage-watch: could not rebuild dist-cli/ after a change (${reason}); running the previous build.`);
  }
}

// V8's compiled code for the bundle, kept on disk between runs (Node's own cache folder
// under the temp dir): a short command such as `check` skips most of its compiling.
nodeModule.enableCompileCache?.();
const { runFromCommandLine } = await import(cliEntryUrl());
runFromCommandLine();
