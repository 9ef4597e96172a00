// The Settings draft's field checks: which field is wrong, by message key.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig, MAX_EXPORT_LABEL_VALUE, type Config } from '../electron/contracts/config';
import { createTranslator } from '../electron/i18n/translate';
import {
  customAppErrors,
  draftErrors,
  type FieldError,
  hasFieldErrors,
  labelRowErrors,
  splitAddresses,
  systemResolversText,
} from './settings-validation';

const withResolvers = (resolvers: Partial<Config['resolvers']>): Config => {
  const config = defaultConfig();
  return { ...config, resolvers: { ...config.resolvers, ...resolvers } };
};

test('a default config has no field errors', () => {
  const errors = draftErrors(defaultConfig(), '');
  assert.equal(hasFieldErrors(errors), false);
});

test('system resolvers are judged by what was typed, and only when listed', () => {
  const listed = withResolvers({ system: ['192.0.2.1'] });
  assert.equal(draftErrors(listed, '192.0.2.1, 192.0.2.2:5353').resolvers.system, null);
  assert.deepEqual(draftErrors(listed, '  ').resolvers.system, { key: 'settings.errors.addressRequired' });
  assert.deepEqual(draftErrors(listed, '192.0.2.1 nope').resolvers.system, {
    key: 'settings.errors.address',
    params: { value: 'nope' },
  });
  assert.equal(hasFieldErrors(draftErrors(listed, 'nope')), true);
  assert.equal(draftErrors(withResolvers({ system: 'auto' }), 'nope').resolvers.system, null);
});

test('each public resolver row names its own wrong field', () => {
  const config = withResolvers({
    public: [
      { name: 'Fine', address: '192.0.2.53' },
      { name: ' ', address: 'not an address' },
    ],
  });
  const errors = draftErrors(config, '');
  assert.deepEqual(errors.resolvers.public[0], { name: null, address: null });
  assert.deepEqual(errors.resolvers.public[1]?.name, { key: 'settings.errors.nameRequired' });
  assert.equal(errors.resolvers.public[1]?.address?.key, 'settings.errors.address');
  assert.equal(hasFieldErrors(errors), true);
});

test('an interval outside 5..3600 seconds, or not a whole number, is an error', () => {
  for (const seconds of [4, 3601, 7.5, Number.NaN])
    assert.equal(
      draftErrors({ ...defaultConfig(), intervalSeconds: seconds }, '').interval?.key,
      'settings.errors.interval',
    );
  assert.equal(draftErrors({ ...defaultConfig(), intervalSeconds: 5 }, '').interval, null);
});

test('the system resolvers field starts from the saved list and splits at spaces and commas', () => {
  assert.equal(systemResolversText(withResolvers({ system: 'auto' })), '');
  assert.equal(
    systemResolversText(withResolvers({ system: ['192.0.2.1', '192.0.2.2:5353'] })),
    '192.0.2.1 192.0.2.2:5353',
  );
  assert.deepEqual(splitAddresses(' 192.0.2.1,192.0.2.2  [2001:db8::1]:53 '), [
    '192.0.2.1',
    '192.0.2.2',
    '[2001:db8::1]:53',
  ]);
});

test('export: the listen address, the remote-write address and interval, each label row name their own error', () => {
  const config = defaultConfig();
  const withExport = (exported: Partial<Config['export']>): Config => ({
    ...config,
    export: { ...config.export, ...exported },
  });
  assert.equal(hasFieldErrors(draftErrors(config, '')), false, 'off: nothing to check');
  const listen = draftErrors(withExport({ prometheus: { listen: 'localhost:9464' } }), '').export.listen;
  assert.deepEqual(listen, { key: 'settings.errors.listen', params: { value: 'localhost:9464' } });
  const pushing = (url: string, bearerTokenFile: string | null = null, intervalSeconds = 60) =>
    draftErrors(withExport({ remoteWrite: { url, bearerTokenFile, intervalSeconds } }), '').export;
  assert.deepEqual(pushing('').remoteWriteUrl, { key: 'settings.errors.urlRequired' });
  assert.deepEqual(pushing('ftp://x.example/').remoteWriteUrl, { key: 'settings.errors.scheme' });
  assert.deepEqual(pushing('http://prom.example/api/v1/write', '/run/token').remoteWriteUrl, {
    key: 'settings.errors.tokenNeedsHttps',
  });
  assert.equal(pushing('http://127.0.0.1:9090/api/v1/write', '/run/token').remoteWriteUrl, null);
  assert.deepEqual(pushing('https://prom.example/api/v1/write', null, 2).remoteWriteInterval, {
    key: 'settings.errors.interval',
    params: { min: 5, max: 3600 },
  });
  const rows = [
    { name: 'site', value: 'cairo-office' },
    { name: '', value: 'x' },
    { name: 'kind', value: 'x' },
    { name: 'team', value: 'help.desk' },
    { name: 'team', value: 'b' },
  ];
  const labels = draftErrors(config, '', rows).export.labels;
  assert.deepEqual(labels, [
    { name: null, value: null },
    { name: { key: 'settings.errors.labelNameRequired' }, value: null },
    { name: { key: 'settings.errors.label.name-reserved', params: { name: 'kind', max: 40 } }, value: null },
    { name: { key: 'settings.errors.labelTwice', params: { name: 'team' } }, value: null },
    { name: { key: 'settings.errors.labelTwice', params: { name: 'team' } }, value: null },
  ]);
  const dotted = draftErrors(config, '', [{ name: 'team', value: 'help.desk' }]).export.labels[0];
  assert.deepEqual(dotted?.value, { key: 'settings.errors.label.value-format', params: { max: 64 } });
  assert.equal(hasFieldErrors(draftErrors(config, '', rows)), true);
});

test('length limits are inclusive, and the message says "at most" the limit', () => {
  const value = (length: number) => labelRowErrors([{ name: 'site', value: 'v'.repeat(length) }])[0]?.value;
  assert.equal(value(MAX_EXPORT_LABEL_VALUE), null);
  const long = value(MAX_EXPORT_LABEL_VALUE + 1);
  assert.deepEqual(long, { key: 'settings.errors.label.value-long', params: { max: 64 } });
  const appName = (length: number) =>
    customAppErrors({ name: 'n'.repeat(length), url: 'https://intranet.example/', provider: '', region: '' }).name;
  assert.equal(appName(60), null);
  assert.deepEqual(appName(61), { key: 'settings.errors.nameLong', params: { max: 60 } });
  const name = labelRowErrors([{ name: 'n'.repeat(41), value: 'v' }])[0]?.name;
  assert.deepEqual(name, { key: 'settings.errors.label.name-format', params: { name: 'n'.repeat(41), max: 40 } });

  const en = createTranslator('en');
  const ar = createTranslator('ar');
  const say = (translator: typeof en, error: FieldError | undefined) => translator.t(`ui:${error?.key}`, error?.params);
  assert.equal(say(en, long), 'Keep the value to at most 64 characters.');
  assert.equal(say(en, appName(61)), 'Keep the name to at most 60 characters.');
  assert.match(say(en, name), /: 1-40 letters, digits and _/);
  for (const error of [long, appName(61)]) assert.match(say(ar, error), /حرفًا على الأكثر\.$/);
});
