// Add an app by the address to check; each field says what is wrong once typed in.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomApp } from '../../../electron/contracts/config';
import { TextField } from '../../components/field';
import { buildCustomApp, customAppErrors, type CustomAppDraft } from '../../settings-validation';

const EMPTY_CUSTOM: CustomAppDraft = { name: '', url: '', provider: '', region: '' };
const UNTOUCHED: Record<keyof CustomAppDraft, boolean> = { name: false, url: false, provider: false, region: false };

export function CustomAppForm({
  watchedIds,
  onAdd,
}: {
  watchedIds: ReadonlySet<string>;
  onAdd: (app: CustomApp) => void;
}) {
  const { t } = useTranslation();
  const [custom, setCustom] = useState<CustomAppDraft>(EMPTY_CUSTOM);
  const [touched, setTouched] = useState(UNTOUCHED);
  const errors = customAppErrors(custom);
  const app = buildCustomApp(custom, watchedIds);

  return (
    <div className="subsection">
      <h3 className="small-title">{t('settings.custom.title')}</h3>
      <div className="field-grid">
        <TextField
          label={t('settings.custom.name')}
          value={custom.name}
          error={errors.name}
          touched={touched.name}
          onChange={(name) => {
            setCustom({ ...custom, name });
            setTouched({ ...touched, name: true });
          }}
        />
        <TextField
          label={t('settings.custom.url')}
          type="url"
          dir="ltr"
          inputMode="url"
          value={custom.url}
          error={errors.url}
          touched={touched.url}
          placeholder={t('settings.custom.urlPlaceholder')}
          onChange={(url) => {
            setCustom({ ...custom, url });
            setTouched({ ...touched, url: true });
          }}
        />
        <TextField
          label={t('settings.custom.provider')}
          dir="ltr"
          value={custom.provider}
          error={errors.provider}
          hint={t('settings.custom.providerHint')}
          onChange={(provider) => setCustom({ ...custom, provider })}
        />
        <TextField
          label={t('settings.custom.region')}
          dir="ltr"
          value={custom.region}
          error={errors.region}
          hint={t('settings.custom.regionHint')}
          onChange={(region) => setCustom({ ...custom, region })}
        />
      </div>
      <button
        type="button"
        className="button"
        disabled={!app}
        onClick={() => {
          if (!app) return;
          onAdd(app);
          setCustom(EMPTY_CUSTOM);
          setTouched(UNTOUCHED);
        }}
      >
        {t('settings.custom.add')}
      </button>
    </div>
  );
}
