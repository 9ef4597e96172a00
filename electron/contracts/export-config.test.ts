// config.export (contracts section 3): off by default; each bad field named
// in one line; labels bounded and never an address or a host name; a token
// only where it cannot leak.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkConfig, defaultConfig, MAX_EXPORT_LABEL_NAME, MAX_EXPORT_LABEL_VALUE } from './config';

const problemOf = (exportInput: unknown) => {
  const check = checkConfig({ export: exportInput });
  return check.ok ? null : check.problem;
};

test('everything is off by default; a given part gets its defaults', () => {
  assert.deepEqual(defaultConfig().export, { prometheus: null, remoteWrite: null, labels: {} });
  const check = checkConfig({
    export: { prometheus: { listen: '[::1]' }, remoteWrite: { url: 'https://prom.example/api/v1/write' } },
  });
  assert.ok(check.ok);
  assert.deepEqual(check.config.export, {
    prometheus: { listen: '[::1]' },
    remoteWrite: { url: 'https://prom.example/api/v1/write', bearerTokenFile: null, intervalSeconds: 60 },
    labels: {},
  });
  const loopback = checkConfig({ export: { prometheus: {} } });
  assert.ok(loopback.ok);
  assert.deepEqual(loopback.config.export.prometheus, { listen: '127.0.0.1:9464' }, 'loopback unless written');
});

test('bad fields are named', () => {
  const cases: [unknown, RegExp][] = [
    [
      { prometheus: { listen: 'localhost:9464' } },
      /^export\.prometheus\.listen: "localhost:9464" is not an IP address/,
    ],
    [{ prometheus: { listen: '127.0.0.1:99999' } }, /^export\.prometheus\.listen: .*bad port/],
    [{ prometheus: { port: 9464 } }, /^export\.prometheus: unknown key "port"/],
    [{ remoteWrite: { url: 'ftp://prom.example/' } }, /^export\.remoteWrite\.url: .*http:\/\/ or https:\/\//],
    [{ remoteWrite: { url: 'https://user:pw@prom.example/' } }, /user name or password/],
    [{ remoteWrite: { url: 'https://prom.example/', intervalSeconds: 4 } }, /^export\.remoteWrite\.intervalSeconds: /],
    [
      { remoteWrite: { url: 'http://prom.example/api/v1/write', bearerTokenFile: '/run/token' } },
      /^export\.remoteWrite\.url: a bearer token is sent only over https:\/\//,
    ],
    [{ labels: { kind: 'x' } }, /^export\.labels\.kind: "kind" is a label the exported series use themselves/],
    [{ labels: { __x: 'x' } }, /is not a label name/],
    [{ labels: { '1site': 'x' } }, /is not a label name/],
    [{ labels: { site: '' } }, /needs a value/],
    [{ labels: { site: 'cairo.example.com' } }, /no addresses or host names/],
    [{ labels: { site: '10.0.0.1' } }, /no addresses or host names/],
    [{ labels: { site: 'x'.repeat(65) } }, /^export\.labels\.site: the value is longer than 64 characters$/],
    [{ labels: { ['n'.repeat(41)]: 'x' } }, /is not a label name \(1-40 letters/],
    [{ labels: { site: '-cairo' } }, /must start with a letter or digit/],
    [{ labels: { site: ' cairo' } }, /must start with a letter or digit/],
    [{ labels: { site: '\u064Ecairo' } }, /must start with a letter or digit/],
    [{ labels: Object.fromEntries([...'abcdefghi'].map((name) => [name, 'v'])) }, /at most 8 labels/],
    [{ pushgateway: {} }, /^export: unknown key "pushgateway"/],
  ];
  for (const [input, expected] of cases) assert.match(problemOf(input) ?? 'accepted', expected, JSON.stringify(input));
});

test('a token may go over http:// to this computer; Arabic and spaced label values are fine', () => {
  assert.equal(
    problemOf({
      remoteWrite: { url: 'http://127.0.0.1:9090/api/v1/write', bearerTokenFile: '/run/token' },
      labels: { site: 'القاهرة', team: 'help desk', asset_tag: 'LT-0042' },
    }),
    null,
  );
});

test('the bounds are inclusive: 40-character names and 64-character values are taken, one more is not', () => {
  assert.equal(MAX_EXPORT_LABEL_NAME, 40);
  assert.equal(MAX_EXPORT_LABEL_VALUE, 64);
  const name = 'n'.repeat(MAX_EXPORT_LABEL_NAME);
  assert.equal(problemOf({ labels: { [name]: 'v'.repeat(MAX_EXPORT_LABEL_VALUE) } }), null);
  assert.match(problemOf({ labels: { [`${name}n`]: 'v' } }) ?? 'accepted', /is not a label name/);
  assert.match(problemOf({ labels: { site: 'v'.repeat(MAX_EXPORT_LABEL_VALUE + 1) } }) ?? 'accepted', /longer than 64/);
});

test('combining marks may follow a letter (Arabic with its vowel signs, accents); digits may lead', () => {
  assert.equal(problemOf({ labels: { site: 'مُحَمَّد', team: 'Ame\u0301lie', floor: '3rd floor' } }), null);
});
