import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultDataDir } from './data-dir';

test('Linux follows XDG_DATA_HOME, else ~/.local/share', () => {
  assert.equal(
    defaultDataDir({ platform: 'linux', env: { XDG_DATA_HOME: '/data/me' }, home: '/home/me' }),
    '/data/me/outage-watch',
  );
  assert.equal(defaultDataDir({ platform: 'linux', env: {}, home: '/home/me' }), '/home/me/.local/share/outage-watch');
  assert.equal(
    defaultDataDir({ platform: 'linux', env: { XDG_DATA_HOME: '' }, home: '/home/me' }),
    '/home/me/.local/share/outage-watch',
  );
  assert.equal(
    defaultDataDir({ platform: 'freebsd', env: { XDG_DATA_HOME: 'relative/dir' }, home: '/home/me' }),
    '/home/me/.local/share/outage-watch',
    'a relative XDG_DATA_HOME is ignored',
  );
});

test('macOS uses Application Support', () => {
  assert.equal(
    defaultDataDir({ platform: 'darwin', env: { XDG_DATA_HOME: '/x' }, home: '/Users/me' }),
    '/Users/me/Library/Application Support/Outage Watch',
  );
});

test('Windows uses %APPDATA%', () => {
  assert.equal(
    defaultDataDir({ platform: 'win32', env: { APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, home: 'C:\\Users\\me' }),
    'C:\\Users\\me\\AppData\\Roaming\\Outage Watch',
  );
  assert.equal(
    defaultDataDir({ platform: 'win32', env: {}, home: 'C:\\Users\\me' }),
    'C:\\Users\\me\\AppData\\Roaming\\Outage Watch',
  );
});
