// Where the draft stands (unsaved, wrong, saving, saved) and Save / Discard.
import { useTranslation } from 'react-i18next';
import { FieldMessage } from '../../components/field';
import { StatusIcon, StatusLabel } from '../../components/status-icon';
import type { SettingsDraft } from '../../state/use-settings-draft';

function SaveStatusLabel({ draft }: { draft: SettingsDraft }) {
  const { t } = useTranslation();
  const { status } = draft;
  if (status.kind === 'problem')
    return <StatusLabel tone="fail" label={t('settings.save.problem', { problem: status.problem })} size={16} />;
  if (status.kind === 'saved') return <StatusLabel tone="ok" label={t('settings.save.saved')} size={16} />;
  if (status.kind === 'saving') return <StatusLabel tone="pending" label={t('settings.save.saving')} size={16} />;
  if (draft.hasFieldErrors || draft.engineProblem !== null)
    return <StatusLabel tone="fail" label={t('settings.save.fixFirst')} size={16} />;
  if (draft.dirty) return <StatusLabel tone="warn" label={t('settings.save.unsaved')} size={16} />;
  return <span className="muted">{t('settings.save.upToDate')}</span>;
}

export function SaveBar({ draft }: { draft: SettingsDraft }) {
  const { t } = useTranslation();
  const saving = draft.status.kind === 'saving';
  return (
    <div className="save-bar" role="region" aria-label={t('settings.save.region')}>
      <div className="save-status" role="status" aria-live="polite">
        <SaveStatusLabel draft={draft} />
        {/* The engine's words only when no field explains the problem already. */}
        {draft.engineProblem !== null && !draft.hasFieldErrors ? (
          <FieldMessage
            id="config-problem"
            error={{ key: 'settings.save.engineSays', params: { problem: draft.engineProblem } }}
          />
        ) : null}
      </div>
      <div className="button-row">
        <button type="button" className="button" disabled={!draft.dirty || saving} onClick={draft.discard}>
          {t('settings.save.discard')}
        </button>
        <button type="submit" className="button primary" disabled={!draft.canSave}>
          {saving ? <StatusIcon tone="pending" size={16} /> : null}
          <span>{t('settings.save.save')}</span>
        </button>
      </div>
    </div>
  );
}
