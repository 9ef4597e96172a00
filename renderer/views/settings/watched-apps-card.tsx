// The watched apps in the order the tray lists them, with the two ways to add one.
import { useTranslation } from 'react-i18next';
import type { AppEntry } from '../../../electron/contracts/config';
import type { SettingsDraft } from '../../state/use-settings-draft';
import { entryId } from '../../settings-validation';
import { CatalogSearch } from './catalog-search';
import { CustomAppForm } from './custom-app-form';
import { SettingsCard } from './settings-card';

function move<T>(items: T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

export function WatchedAppsCard({ draft, announce }: { draft: SettingsDraft; announce: (message: string) => void }) {
  const { t } = useTranslation();
  const { apps } = draft.config;
  const watchedIds = new Set(apps.map(entryId));
  const add = (app: AppEntry, name: string) => {
    draft.update({ apps: [...apps, app] });
    announce(t('settings.catalog.added', { name }));
  };

  return (
    <SettingsCard id="watched" title={t('settings.apps.title')}>
      {apps.length === 0 ? (
        <p className="muted">{t('settings.apps.none')}</p>
      ) : (
        <ol className="reorder-list">
          {apps.map((entry, index) => {
            const name = draft.nameOf(entry);
            return (
              <li key={entryId(entry)} className="reorder-item">
                <span className="reorder-name">
                  {name}
                  {typeof entry === 'string' ? null : <span className="chip">{t('settings.apps.custom')}</span>}
                </span>
                <span className="button-row">
                  <button
                    type="button"
                    className="icon-button"
                    disabled={index === 0}
                    aria-label={t('settings.apps.moveUp', { name })}
                    title={t('settings.apps.moveUp', { name })}
                    onClick={() => draft.update({ apps: move(apps, index, index - 1) })}
                  >
                    <span aria-hidden="true">↑</span>
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    disabled={index === apps.length - 1}
                    aria-label={t('settings.apps.moveDown', { name })}
                    title={t('settings.apps.moveDown', { name })}
                    onClick={() => draft.update({ apps: move(apps, index, index + 1) })}
                  >
                    <span aria-hidden="true">↓</span>
                  </button>
                  <button
                    type="button"
                    className="button subtle"
                    aria-label={t('settings.apps.removeNamed', { name })}
                    onClick={() => {
                      draft.update({ apps: apps.filter((_, i) => i !== index) });
                      announce(t('settings.apps.removed', { name }));
                    }}
                  >
                    {t('settings.apps.remove')}
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
      )}
      <CatalogSearch catalog={draft.catalog} watchedIds={watchedIds} onAdd={(entry) => add(entry.id, entry.name)} />
      <CustomAppForm watchedIds={watchedIds} onAdd={(app) => add(app, app.name)} />
    </SettingsCard>
  );
}
