// What to watch and how: cards around one draft (state/use-settings-draft.ts).
// Edits stay in the draft, checked as you type; Save sends the whole config.
// A new card is a file in settings/ that edits through the draft, one line
// below, and its field checks in settings-validation.ts (draftErrors).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppState, Bridge } from '../../electron/contracts/bridge';
import type { Config } from '../../electron/contracts/config';
import { EmptyState } from '../components/empty-state';
import { useSettingsDraft } from '../state/use-settings-draft';
import { CheckingCard } from './settings/checking-card';
import { ExportCard } from './settings/export-card';
import { GeneralCard } from './settings/general-card';
import { NotificationsCard } from './settings/notifications-card';
import { ResolversCard } from './settings/resolvers-card';
import { SaveBar } from './settings/save-bar';
import { WatchedAppsCard } from './settings/watched-apps-card';
import '../styles/settings-view.css';

export function SettingsView({
  bridge,
  state,
  onSaved,
}: {
  bridge: Bridge;
  state: AppState | null;
  onSaved: (config: Config) => void;
}) {
  const { t } = useTranslation();
  const settings = useSettingsDraft(bridge, onSaved);
  const [announcement, setAnnouncement] = useState('');

  if (settings.phase === 'failed') return <EmptyState tone="fail" title={t('settings.loadFailed')} />;
  if (settings.phase === 'loading') return <EmptyState tone="pending" title={t('status.loading')} />;
  const { draft } = settings;

  return (
    <form
      className="stack settings"
      onSubmit={(event) => {
        event.preventDefault();
        if (draft.canSave) void draft.save();
      }}
    >
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <WatchedAppsCard draft={draft} announce={setAnnouncement} />
      <ResolversCard draft={draft} />
      <CheckingCard draft={draft} />
      <NotificationsCard draft={draft} />
      <ExportCard draft={draft} state={state} />
      <GeneralCard draft={draft} bridge={bridge} state={state} />
      <SaveBar draft={draft} />
    </form>
  );
}
