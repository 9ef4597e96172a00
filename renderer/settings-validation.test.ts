// The Settings draft's field checks: which field is wrong, by message key.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig, type Config } from '../electron/contracts/config';
import { draftErrors, hasFieldErrors, splitAddresses, systemResolversText } from './settings-validation';

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
