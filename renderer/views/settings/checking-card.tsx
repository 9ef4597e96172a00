// How often a full check runs.
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/field';
import type { SettingsDraft } from '../../state/use-settings-draft';
import { SettingsCard } from './settings-card';

export function CheckingCard({ draft }: { draft: SettingsDraft }) {
  const { t } = useTranslation();
  return (
    <SettingsCard id="checking" title={t('settings.checking.title')}>
      <TextField
        label={t('settings.checking.interval')}
        type="number"
        inputMode="numeric"
        min={5}
        max={3600}
        value={String(draft.config.intervalSeconds)}
        error={draft.errors.interval}
        hint={t('settings.checking.intervalHint')}
        // An empty field is a wrong number, not zero: the error shows until it is filled.
        onChange={(text) => draft.update({ intervalSeconds: text.trim() === '' ? Number.NaN : Number(text) })}
      />
    </SettingsCard>
  );
}
