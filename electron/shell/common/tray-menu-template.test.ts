import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MenuItem } from 'electron';
import { createTranslator } from '../../i18n/translate';
import { appReport, appStateOf, diagnosisOf, verdictOf } from '../../testkit/app-state-fixture';
import { trayMenuModel, type TrayAction } from './tray-menu-model';
import { menuLabel, toMenuTemplate } from './tray-menu-template';

test('labels are disabled lines; actions and the checkbox call back with what was clicked', () => {
  const items = trayMenuModel({
    state: appStateOf({ diagnosis: diagnosisOf(verdictOf({}), [appReport('zoom', 'Zoom', 'up')]) }),
    engine: { kind: 'running' },
    startAtLogin: false,
    translator: createTranslator('en'),
  });
  const clicked: [TrayAction, boolean | undefined][] = [];
  const template = toMenuTemplate(items, (action, checked) => clicked.push([action, checked]), 'linux');
  assert.equal(template.length, items.length);
  assert.deepEqual(template[0], { label: items[0]?.type === 'label' ? items[0].label : '', enabled: false });
  assert.deepEqual(template[1], { type: 'separator' });
  for (const entry of template) entry.click?.({ checked: true } as MenuItem, undefined, {} as Electron.KeyboardEvent);
  assert.deepEqual(clicked, [
    ['check-now', undefined],
    ['open', undefined],
    ['pause', undefined],
    ['start-at-login', true],
    ['quit', undefined],
  ]);
  const checkbox = template.find((entry) => entry.type === 'checkbox');
  assert.equal(checkbox?.checked, false);
  assert.equal(checkbox?.label, 'Start at login');
});

test('an & in a label stays an & on every system (not a Windows/Linux mnemonic)', () => {
  const items = trayMenuModel({
    state: appStateOf({ diagnosis: diagnosisOf(verdictOf({}), [appReport('att', 'AT&T Mail', 'up')]) }),
    engine: { kind: 'running' },
    startAtLogin: false,
    translator: createTranslator('en'),
  });
  const labelOf = (platform: NodeJS.Platform) =>
    toMenuTemplate(items, () => undefined, platform).find((entry) => entry.label?.includes('AT&'))?.label;
  assert.match(labelOf('win32') ?? '', /AT&&T Mail/);
  assert.match(labelOf('linux') ?? '', /AT&&T Mail/);
  assert.match(labelOf('darwin') ?? '', /AT&T Mail/);
  assert.equal(menuLabel('A && B', 'win32'), 'A &&&& B');
});
