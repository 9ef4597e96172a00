import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ConfigError, loadConfigFile, saveConfigFile } from './config-file';
import { defaultConfig } from '../contracts/config';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ow-config-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function loadText(name: string, text: string) {
  const path = join(dir, name);
  await writeFile(path, text);
  return loadConfigFile(path);
}

async function problemOf(name: string, text: string): Promise<string> {
  try {
    await loadText(name, text);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    assert.ok(!error.message.includes('\n'), 'the problem fits on one line');
    return error.message;
  }
  assert.fail('the config was accepted');
}

test('no file means every default', async () => {
  const config = await loadConfigFile(undefined);
  assert.deepEqual(config, defaultConfig());
  assert.equal(config.intervalSeconds, 30);
  assert.equal(config.timeoutMs, 3000);
  assert.equal(config.gateway, 'auto');
  assert.equal(config.resolvers.public.length, 3);
});

test('a partial file keeps defaults for what it does not say', async () => {
  const config = await loadText('partial.json', JSON.stringify({ timeoutMs: 500, gateway: 'off' }));
  assert.equal(config.timeoutMs, 500);
  assert.equal(config.gateway, 'off');
  assert.equal(config.intervalSeconds, 30);
});

test('custom apps, ports and bracketed IPv6 resolvers are accepted', async () => {
  const config = await loadText(
    'custom.json',
    JSON.stringify({
      apps: [
        'zoom',
        {
          id: 'intranet',
          name: 'Intranet',
          url: 'https://intranet.test:8443/health',
          provider: 'aws',
          region: 'us-east-1',
        },
      ],
      resolvers: { system: ['127.0.0.53', '127.0.0.1:5353'], public: [{ name: 'V6', address: '[::1]:5300' }] },
    }),
  );
  assert.equal(config.apps.length, 2);
  assert.deepEqual(config.resolvers.system, ['127.0.0.53', '127.0.0.1:5353']);
});

test('each kind of bad input is named in one line', async () => {
  const cases: [string, string, RegExp][] = [
    ['unknown-key.json', '{"intervalSecond": 30}', /unknown key "intervalSecond"/],
    ['nested-unknown.json', '{"resolvers": {"sytem": "auto"}}', /resolvers: unknown key "sytem"/],
    ['bad-json.json', '{"apps": [', /not valid JSON/],
    ['not-object.json', '[1,2]', /must be a JSON object/],
    ['bad-url.json', '{"controls": ["htp://x"]}', /controls\[0\]: "htp:\/\/x" must start with http/],
    ['bad-host.json', '{"controls": ["https://exa mple.com/"]}', /controls\[0\]/],
    [
      'bad-address.json',
      '{"resolvers": {"public": [{"name": "X", "address": "8.8.8"}]}}',
      /resolvers\.public\[0\]\.address: "8\.8\.8" is not an IP address/,
    ],
    ['bad-port.json', '{"resolvers": {"system": ["127.0.0.1:70000"]}}', /bad port/],
    ['bad-gateway.json', '{"gateway": "router.local"}', /gateway: "router\.local" is not an IP address/],
    ['unknown-app.json', '{"apps": ["no-such-app"]}', /apps\[0\]: unknown app id "no-such-app"/],
    ['duplicate-app.json', '{"apps": ["zoom", "zoom"]}', /"zoom" is listed twice/],
    ['bad-type.json', '{"timeoutMs": "fast"}', /timeoutMs/],
    ['bad-language.json', '{"language": "fr"}', /language/],
  ];
  for (const [name, text, pattern] of cases) {
    const problem = await problemOf(name, text);
    assert.match(problem, pattern, name);
    assert.ok(problem.startsWith(join(dir, name)), `${name}: the message names the file`);
  }
});

test('a missing or unreadable file is named', async () => {
  await assert.rejects(loadConfigFile(join(dir, 'missing.json')), /cannot read the config file \(no such file\)/);
  await assert.rejects(loadConfigFile(dir), /cannot read the config file \(is a folder\)/);
  if (process.getuid?.() !== 0) {
    const locked = join(dir, 'locked.json');
    await writeFile(locked, '{}');
    await chmod(locked, 0);
    await assert.rejects(loadConfigFile(locked), /permission denied/);
  }
});

test('saving is atomic and round-trips; no temp files are left', async () => {
  const path = join(dir, 'saved.json');
  const config = { ...defaultConfig(), timeoutMs: 1234 };
  await saveConfigFile(path, config);
  assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), config);
  assert.deepEqual(await loadConfigFile(path), config);
  assert.deepEqual(
    (await readdir(dir)).filter((name) => name.endsWith('.tmp')),
    [],
  );
});
