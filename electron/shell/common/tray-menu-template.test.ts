import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MenuItem } from 'electron';
import { createTranslator } from '../../i18n/translate';
import { appReport, appStateOf, diagnosisOf, verdictOf } from '../../testkit/app-state-fixture';
import { trayMenuModel, type TrayAction } from './tray-menu-model';
import { toMenuTemplate } from './tray-menu-template';

test('labels are disabled lines; actions and the checkbox call back with what was clicked', () => {
  const items = trayMenuModel({
    state: appStateOf({ diagnosis: diagnosisOf(verdictOf({}), [appReport('zoom', 'Zoom', 'up')]) }),
    engine: { kind: 'running' },
    startAtLogin: false,
    translator: createTranslator('en'),
  });
  const clicked: [TrayAction, boolean | undefined][] = [];
  const template = toMenuTemplate(items, (action, checked) => clicked.push([action, checked]));
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
