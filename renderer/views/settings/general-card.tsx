// The window's language, and start at login (only where the desktop app can set it).
import { useTranslation } from 'react-i18next';
import type { AppState, Bridge } from '../../../electron/contracts/bridge';
import type { Config } from '../../../electron/contracts/config';
import type { SettingsDraft } from '../../state/use-settings-draft';
import { SettingsCard } from './settings-card';
import '../../styles/field.css';

export function GeneralCard({
  draft,
  bridge,
  state,
}: {
  draft: SettingsDraft;
  bridge: Bridge;
  state: AppState | null;
}) {
  const { t } = useTranslation();
  return (
    <SettingsCard id="general" title={t('settings.general.title')}>
      <div className="field">
        <label htmlFor="language-select">{t('settings.general.language')}</label>
        <select
          id="language-select"
          value={draft.config.language}
          onChange={(event) => draft.update({ language: event.target.value as Config['language'] })}
        >
          <option value="auto">{t('settings.general.languageAuto')}</option>
          <option value="en" lang="en">
            {t('settings.general.languageEnglish')}
          </option>
          <option value="ar" lang="ar">
            {t('settings.general.languageArabic')}
          </option>
        </select>
      </div>
      {/* Start at login is the desktop's setting, applied at once: it is not part of the draft. */}
      {state && state.startAtLogin !== null ? (
        <label className="check">
          <input
            type="checkbox"
            checked={state.startAtLogin}
            onChange={(event) => {
              void bridge.setStartAtLogin(event.target.checked);
            }}
          />
          <span>{t('settings.general.startAtLogin')}</span>
        </label>
      ) : null}
    </SettingsCard>
  );
}
