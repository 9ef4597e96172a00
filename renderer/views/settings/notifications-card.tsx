// When the tray notifies: on or off, quiet hours, and which apps may.
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/field';
import type { SettingsDraft } from '../../state/use-settings-draft';
import { entryId } from '../../settings-validation';
import { SettingsCard } from './settings-card';

const DEFAULT_QUIET_HOURS = { start: '22:00', end: '07:00' };

export function NotificationsCard({ draft }: { draft: SettingsDraft }) {
  const { t } = useTranslation();
  const { notifications, apps } = draft.config;
  const quiet = notifications.quietHours;
  const setNotifications = (change: Partial<typeof notifications>) =>
    draft.update({ notifications: { ...notifications, ...change } });

  return (
    <SettingsCard id="notifications" title={t('settings.notifications.title')}>
      <label className="check">
        <input
          type="checkbox"
          checked={notifications.enabled}
          onChange={(event) => setNotifications({ enabled: event.target.checked })}
        />
        <span>{t('settings.notifications.enabled')}</span>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={quiet !== null}
          onChange={(event) => setNotifications({ quietHours: event.target.checked ? DEFAULT_QUIET_HOURS : null })}
        />
        <span>{t('settings.notifications.quietHours')}</span>
      </label>
      {quiet ? (
        <div className="field-grid">
          <TextField
            label={t('settings.notifications.quietStart')}
            type="time"
            dir="ltr"
            value={quiet.start}
            onChange={(start) => setNotifications({ quietHours: { ...quiet, start } })}
          />
          <TextField
            label={t('settings.notifications.quietEnd')}
            type="time"
            dir="ltr"
            value={quiet.end}
            onChange={(end) => setNotifications({ quietHours: { ...quiet, end } })}
          />
        </div>
      ) : null}
      {apps.length > 0 ? (
        <fieldset className="check-grid">
          <legend>{t('settings.notifications.perApp')}</legend>
          {apps.map((entry) => {
            const id = entryId(entry);
            const muted = notifications.mutedApps.includes(id);
            return (
              <label key={id} className="check">
                <input
                  type="checkbox"
                  checked={!muted}
                  onChange={(event) =>
                    setNotifications({
                      mutedApps: event.target.checked
                        ? notifications.mutedApps.filter((m) => m !== id)
                        : [...notifications.mutedApps, id],
                    })
                  }
                />
                <span>{draft.nameOf(entry)}</span>
              </label>
            );
          })}
        </fieldset>
      ) : null}
    </SettingsCard>
  );
}
