import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  autostartDesktopEntry,
  autostartFile,
  isAutostartEnabled,
  quoteExecArgument,
  setAutostart,
  type AutostartEntry,
} from './linux-autostart';

const entry: AutostartEntry = {
  id: 'outage-watch',
  name: 'Outage Watch',
  comment: 'Tells a local network problem from a cloud or app outage',
  exec: ['/opt/Outage Watch/outage-watch', '/home/a/outage watch'],
  icon: 'outage-watch',
};

test('the entry is a valid Desktop Entry with a quoted Exec line', () => {
  const text = autostartDesktopEntry(entry);
  const lines = text.split('\n');
  assert.equal(lines[0], '[Desktop Entry]');
  assert.ok(lines.includes('Type=Application'));
  assert.ok(lines.includes('Name=Outage Watch'));
  assert.ok(lines.includes('Exec="/opt/Outage Watch/outage-watch" "/home/a/outage watch"'));
  assert.ok(lines.includes('Icon=outage-watch'));
  assert.ok(text.endsWith('\n'));
});

test('Exec quoting escapes what the spec reserves, and %', () => {
  assert.equal(quoteExecArgument('/usr/bin/outage-watch'), '/usr/bin/outage-watch');
  assert.equal(quoteExecArgument('/home/a b/app'), '"/home/a b/app"');
  assert.equal(quoteExecArgument('say "$HOME" `x` \\'), '"say \\"\\$HOME\\" \\`x\\` \\\\"');
  assert.equal(quoteExecArgument('100%'), '100%%');
  assert.equal(quoteExecArgument(''), '""');
});

test('the file lives in $XDG_CONFIG_HOME/autostart, or ~/.config when unset or relative', () => {
  assert.equal(
    autostartFile('x', { home: '/home/a', xdgConfigHome: undefined }),
    '/home/a/.config/autostart/x.desktop',
  );
  assert.equal(autostartFile('x', { home: '/home/a', xdgConfigHome: '/cfg' }), '/cfg/autostart/x.desktop');
  assert.equal(
    autostartFile('x', { home: '/home/a', xdgConfigHome: 'relative' }),
    '/home/a/.config/autostart/x.desktop',
  );
});

test('turning it on writes the file, off removes it, and the state reads back', async (t) => {
  const home = await mkdtemp(join(tmpdir(), 'outage-watch-autostart-'));
  t.after(() => rm(home, { recursive: true, force: true }));
  const location = { home, xdgConfigHome: undefined };
  const file = join(home, '.config', 'autostart', 'outage-watch.desktop');
  assert.equal(await isAutostartEnabled(entry.id, location), false);
  assert.equal(await setAutostart(true, entry, location), true);
  assert.equal(await readFile(file, 'utf8'), autostartDesktopEntry(entry));
  assert.equal((await stat(file)).mode & 0o777, 0o644);
  assert.equal(await isAutostartEnabled(entry.id, location), true);
  assert.equal(await setAutostart(false, entry, location), false);
  await assert.rejects(stat(file), { code: 'ENOENT' });
  assert.equal(await isAutostartEnabled(entry.id, location), false);
  assert.equal(await setAutostart(false, entry, location), false, 'turning off twice is fine');
});

test('an entry the desktop disabled (Hidden=true) reads as off', async (t) => {
  const configHome = await mkdtemp(join(tmpdir(), 'outage-watch-xdg-'));
  t.after(() => rm(configHome, { recursive: true, force: true }));
  const location = { home: '/nonexistent', xdgConfigHome: configHome };
  await mkdir(join(configHome, 'autostart'));
  await writeFile(autostartFile(entry.id, location), `${autostartDesktopEntry(entry)}Hidden=true\n`);
  assert.equal(await isAutostartEnabled(entry.id, location), false);
});
