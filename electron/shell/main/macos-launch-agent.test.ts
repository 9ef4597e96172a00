import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isLaunchAgentEnabled, launchAgentFile, launchAgentPlist, setLaunchAgent } from './macos-launch-agent';

const agent = {
  label: 'app.outagewatch.desktop.dev',
  programArguments: [
    '/Users/a b/dev/node_modules/electron/dist/Electron.app/Contents/MacOS/Electron',
    '/Users/a b/R&D <1>',
  ],
};

test('the plist names Electron and the app folder, escaped', () => {
  const plist = launchAgentPlist(agent);
  assert.match(plist, /<string>app\.outagewatch\.desktop\.dev<\/string>/);
  assert.match(
    plist,
    /<string>\/Users\/a b\/dev\/node_modules\/electron\/dist\/Electron\.app\/Contents\/MacOS\/Electron<\/string>/,
  );
  assert.match(plist, /<string>\/Users\/a b\/R&amp;D &lt;1&gt;<\/string>/);
  assert.match(plist, /<key>RunAtLoad<\/key>\n {2}<true\/>/);
});

test('set writes and removes ~/Library/LaunchAgents/<label>.plist', async (t) => {
  const home = await mkdtemp(join(tmpdir(), 'outage-watch-agent-'));
  t.after(() => rm(home, { recursive: true, force: true }));
  assert.equal(await isLaunchAgentEnabled(agent.label, home), false);
  assert.equal(await setLaunchAgent(true, agent, home), true);
  const file = launchAgentFile(agent.label, home);
  assert.equal(file, join(home, 'Library', 'LaunchAgents', 'app.outagewatch.desktop.dev.plist'));
  assert.equal(await readFile(file, 'utf8'), launchAgentPlist(agent));
  assert.equal(await isLaunchAgentEnabled(agent.label, home), true);
  assert.equal(await setLaunchAgent(false, agent, home), false);
  assert.equal(await isLaunchAgentEnabled(agent.label, home), false);
});
