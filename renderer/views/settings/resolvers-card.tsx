// The DNS servers: the system's own (found automatically or listed) and the public ones to compare with.
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/field';
import type { SettingsDraft } from '../../state/use-settings-draft';
import { splitAddresses } from '../../settings-validation';
import { SettingsCard } from './settings-card';

export function ResolversCard({ draft }: { draft: SettingsDraft }) {
  const { t } = useTranslation();
  const { resolvers } = draft.config;
  const errors = draft.errors.resolvers;
  const setPublic = (next: typeof resolvers.public) => draft.update({ resolvers: { ...resolvers, public: next } });

  return (
    <SettingsCard id="resolvers" title={t('settings.resolvers.title')}>
      <fieldset className="radio-group">
        <legend>{t('settings.resolvers.system')}</legend>
        <label className="check">
          <input
            type="radio"
            name="system-resolvers"
            checked={resolvers.system === 'auto'}
            onChange={() => draft.update({ resolvers: { ...resolvers, system: 'auto' } })}
          />
          <span>{t('settings.resolvers.systemAuto')}</span>
        </label>
        <label className="check">
          <input
            type="radio"
            name="system-resolvers"
            checked={resolvers.system !== 'auto'}
            onChange={() => draft.update({ resolvers: { ...resolvers, system: splitAddresses(draft.systemText) } })}
          />
          <span>{t('settings.resolvers.systemList')}</span>
        </label>
      </fieldset>
      {resolvers.system !== 'auto' ? (
        <TextField
          label={t('settings.resolvers.systemAddresses')}
          dir="ltr"
          value={draft.systemText}
          error={errors.system}
          hint={t('settings.resolvers.addressHint')}
          onChange={draft.setSystemText}
        />
      ) : null}
      <h3 className="small-title">{t('settings.resolvers.public')}</h3>
      <ul className="resolver-rows">
        {resolvers.public.map((resolver, index) => {
          const setResolver = (change: Partial<{ name: string; address: string }>) =>
            setPublic(resolvers.public.map((r, i) => (i === index ? { ...r, ...change } : r)));
          return (
            <li key={index} className="resolver-row">
              <TextField
                label={t('settings.resolvers.name')}
                value={resolver.name}
                error={errors.public[index]?.name ?? null}
                onChange={(name) => setResolver({ name })}
              />
              <TextField
                label={t('settings.resolvers.address')}
                dir="ltr"
                value={resolver.address}
                error={errors.public[index]?.address ?? null}
                onChange={(address) => setResolver({ address })}
              />
              <button
                type="button"
                className="button subtle"
                aria-label={t('settings.resolvers.removeNamed', { name: resolver.name || resolver.address })}
                onClick={() => setPublic(resolvers.public.filter((_, i) => i !== index))}
              >
                {t('settings.apps.remove')}
              </button>
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className="button"
        onClick={() => setPublic([...resolvers.public, { name: '', address: '' }])}
      >
        {t('settings.resolvers.add')}
      </button>
    </SettingsCard>
  );
}
