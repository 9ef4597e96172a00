/* eslint-disable max-lines -- to be split by concern (issue 14) */
// What to watch and how. Edits stay in a draft checked as you type with the
// engine's own rules; Save sends the whole config, which the engine validates
// again and writes atomically, so nothing is ever saved half-way.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppState, Bridge, CatalogEntry } from '../../electron/contracts/bridge';
import { checkConfig, type AppEntry, type Config } from '../../electron/contracts/config';
import { EmptyState } from '../components/empty-state';
import { FieldMessage, TextField } from '../components/field';
import { StatusIcon, StatusLabel } from '../components/status-icon';
import {
  addressError,
  buildCustomApp,
  customAppErrors,
  entryId,
  intervalError,
  type CustomAppDraft,
} from '../settings-validation';

const EMPTY_CUSTOM: CustomAppDraft = { name: '', url: '', provider: '', region: '' };
const CATALOG_RESULTS = 8;

type SaveStatus = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'problem'; problem: string };

function move<T>(items: T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

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
  const [saved, setSaved] = useState<Config | null>(null);
  const [draft, setDraft] = useState<Config | null>(null);
  const [catalog, setCatalog] = useState<CatalogEntry[]>([]);
  const [loadFailed, setLoadFailed] = useState(false);
  const [query, setQuery] = useState('');
  const [custom, setCustom] = useState<CustomAppDraft>(EMPTY_CUSTOM);
  const [customTouched, setCustomTouched] = useState<Record<keyof CustomAppDraft, boolean>>({
    name: false,
    url: false,
    provider: false,
    region: false,
  });
  const [systemText, setSystemText] = useState('');
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    let active = true;
    Promise.all([bridge.getConfig(), bridge.getCatalog()]).then(
      ([config, entries]) => {
        if (!active) return;
        setSaved(config);
        setDraft(config);
        setCatalog(entries);
        setSystemText(config.resolvers.system === 'auto' ? '' : config.resolvers.system.join(' '));
      },
      () => {
        if (active) setLoadFailed(true);
      },
    );
    return () => {
      active = false;
    };
  }, [bridge]);

  const names = useMemo(() => new Map(catalog.map((entry) => [entry.id, entry.name])), [catalog]);

  if (loadFailed) return <EmptyState tone="fail" title={t('settings.loadFailed')} />;
  if (!draft || !saved) return <EmptyState tone="pending" title={t('status.loading')} />;

  const update = (change: Partial<Config>) => {
    setDraft({ ...draft, ...change });
    setStatus({ kind: 'idle' });
  };
  const watchedIds = new Set(draft.apps.map(entryId));
  const nameOf = (entry: AppEntry) => (typeof entry === 'string' ? (names.get(entry) ?? entry) : entry.name);

  const needle = query.trim().toLowerCase();
  const results = needle
    ? catalog
        .filter((entry) => !watchedIds.has(entry.id))
        .filter((entry) =>
          [
            entry.name,
            entry.id,
            entry.provider ?? '',
            t(`catalog:category.${entry.category}`, { defaultValue: entry.category }),
          ].some((text) => text.toLowerCase().includes(needle)),
        )
        .slice(0, CATALOG_RESULTS)
    : [];

  const customErrors = customAppErrors(custom);
  const customApp = buildCustomApp(custom, watchedIds);

  const systemAddresses = systemText.split(/[\s,]+/).filter(Boolean);
  const systemErrors =
    draft.resolvers.system === 'auto' ? [] : systemAddresses.map((a) => addressError(a)).filter((e) => e !== null);
  const systemEmpty = draft.resolvers.system !== 'auto' && systemAddresses.length === 0;
  const publicErrors = draft.resolvers.public.map((r) => ({
    name: r.name.trim() === '' ? { key: 'settings.errors.nameRequired' } : null,
    address: addressError(r.address),
  }));
  const interval = intervalError(draft.intervalSeconds);
  const fieldProblems =
    systemErrors.length > 0 ||
    systemEmpty ||
    interval !== null ||
    publicErrors.some((e) => e.name !== null || e.address !== null);
  const whole = checkConfig(draft);
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);
  const canSave = dirty && !fieldProblems && whole.ok && status.kind !== 'saving';

  const save = async () => {
    setStatus({ kind: 'saving' });
    const result = await bridge
      .saveConfig(draft)
      .catch((error: Error) => ({ ok: false as const, problem: error.message }));
    if (result.ok) {
      setSaved(result.config);
      setDraft(result.config);
      setStatus({ kind: 'saved' });
      onSaved(result.config);
    } else {
      setStatus({ kind: 'problem', problem: result.problem });
    }
  };

  const setSystemResolvers = (text: string) => {
    setSystemText(text);
    const addresses = text.split(/[\s,]+/).filter(Boolean);
    update({ resolvers: { ...draft.resolvers, system: addresses.length > 0 ? addresses : draft.resolvers.system } });
  };

  const quiet = draft.notifications.quietHours;

  return (
    <form
      className="stack settings"
      onSubmit={(event) => {
        event.preventDefault();
        if (canSave) void save();
      }}
    >
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>

      <section className="card" aria-labelledby="watched-title">
        <h2 id="watched-title" className="card-title">
          {t('settings.apps.title')}
        </h2>
        {draft.apps.length === 0 ? (
          <p className="muted">{t('settings.apps.none')}</p>
        ) : (
          <ol className="reorder-list">
            {draft.apps.map((entry, index) => {
              const name = nameOf(entry);
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
                      onClick={() => update({ apps: move(draft.apps, index, index - 1) })}
                    >
                      <span aria-hidden="true">↑</span>
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      disabled={index === draft.apps.length - 1}
                      aria-label={t('settings.apps.moveDown', { name })}
                      title={t('settings.apps.moveDown', { name })}
                      onClick={() => update({ apps: move(draft.apps, index, index + 1) })}
                    >
                      <span aria-hidden="true">↓</span>
                    </button>
                    <button
                      type="button"
                      className="button subtle"
                      aria-label={t('settings.apps.removeNamed', { name })}
                      onClick={() => {
                        update({ apps: draft.apps.filter((_, i) => i !== index) });
                        setAnnouncement(t('settings.apps.removed', { name }));
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

        <div className="subsection">
          <h3 className="small-title">{t('settings.catalog.title')}</h3>
          <TextField
            label={t('settings.catalog.search')}
            type="search"
            value={query}
            onChange={setQuery}
            placeholder={t('settings.catalog.placeholder')}
          />
          {needle ? (
            results.length === 0 ? (
              <p className="muted">{t('settings.catalog.noMatch', { query: query.trim() })}</p>
            ) : (
              <ul className="catalog-results">
                {results.map((entry) => (
                  <li key={entry.id}>
                    <span>
                      <span className="catalog-name">{entry.name}</span>
                      <span className="muted small">
                        {' '}
                        {t(`catalog:category.${entry.category}`, { defaultValue: entry.category })}
                        {entry.provider
                          ? ` · ${t(`provider.${entry.provider}`, { defaultValue: entry.provider })}`
                          : null}
                      </span>
                    </span>
                    <button
                      type="button"
                      className="button"
                      aria-label={t('settings.catalog.addNamed', { name: entry.name })}
                      onClick={() => {
                        update({ apps: [...draft.apps, entry.id] });
                        setAnnouncement(t('settings.catalog.added', { name: entry.name }));
                      }}
                    >
                      {t('settings.catalog.add')}
                    </button>
                  </li>
                ))}
              </ul>
            )
          ) : null}
        </div>

        <div className="subsection">
          <h3 className="small-title">{t('settings.custom.title')}</h3>
          <div className="field-grid">
            <TextField
              label={t('settings.custom.name')}
              value={custom.name}
              error={customErrors.name}
              touched={customTouched.name}
              onChange={(name) => {
                setCustom({ ...custom, name });
                setCustomTouched({ ...customTouched, name: true });
              }}
            />
            <TextField
              label={t('settings.custom.url')}
              type="url"
              dir="ltr"
              inputMode="url"
              value={custom.url}
              error={customErrors.url}
              touched={customTouched.url}
              placeholder={t('settings.custom.urlPlaceholder')}
              onChange={(url) => {
                setCustom({ ...custom, url });
                setCustomTouched({ ...customTouched, url: true });
              }}
            />
            <TextField
              label={t('settings.custom.provider')}
              dir="ltr"
              value={custom.provider}
              error={customErrors.provider}
              hint={t('settings.custom.providerHint')}
              onChange={(provider) => setCustom({ ...custom, provider })}
            />
            <TextField
              label={t('settings.custom.region')}
              dir="ltr"
              value={custom.region}
              error={customErrors.region}
              hint={t('settings.custom.regionHint')}
              onChange={(region) => setCustom({ ...custom, region })}
            />
          </div>
          <button
            type="button"
            className="button"
            disabled={!customApp}
            onClick={() => {
              if (!customApp) return;
              update({ apps: [...draft.apps, customApp] });
              setAnnouncement(t('settings.catalog.added', { name: customApp.name }));
              setCustom(EMPTY_CUSTOM);
              setCustomTouched({ name: false, url: false, provider: false, region: false });
            }}
          >
            {t('settings.custom.add')}
          </button>
        </div>
      </section>

      <section className="card" aria-labelledby="resolvers-title">
        <h2 id="resolvers-title" className="card-title">
          {t('settings.resolvers.title')}
        </h2>
        <fieldset className="radio-group">
          <legend>{t('settings.resolvers.system')}</legend>
          <label className="check">
            <input
              type="radio"
              name="system-resolvers"
              checked={draft.resolvers.system === 'auto'}
              onChange={() => update({ resolvers: { ...draft.resolvers, system: 'auto' } })}
            />
            <span>{t('settings.resolvers.systemAuto')}</span>
          </label>
          <label className="check">
            <input
              type="radio"
              name="system-resolvers"
              checked={draft.resolvers.system !== 'auto'}
              onChange={() =>
                update({ resolvers: { ...draft.resolvers, system: systemAddresses.length > 0 ? systemAddresses : [] } })
              }
            />
            <span>{t('settings.resolvers.systemList')}</span>
          </label>
        </fieldset>
        {draft.resolvers.system !== 'auto' ? (
          <TextField
            label={t('settings.resolvers.systemAddresses')}
            dir="ltr"
            value={systemText}
            error={systemEmpty ? { key: 'settings.errors.addressRequired' } : (systemErrors[0] ?? null)}
            hint={t('settings.resolvers.addressHint')}
            onChange={setSystemResolvers}
          />
        ) : null}
        <h3 className="small-title">{t('settings.resolvers.public')}</h3>
        <ul className="resolver-rows">
          {draft.resolvers.public.map((resolver, index) => {
            const setResolver = (change: Partial<{ name: string; address: string }>) =>
              update({
                resolvers: {
                  ...draft.resolvers,
                  public: draft.resolvers.public.map((r, i) => (i === index ? { ...r, ...change } : r)),
                },
              });
            return (
              <li key={index} className="resolver-row">
                <TextField
                  label={t('settings.resolvers.name')}
                  value={resolver.name}
                  error={publicErrors[index]?.name ?? null}
                  onChange={(name) => setResolver({ name })}
                />
                <TextField
                  label={t('settings.resolvers.address')}
                  dir="ltr"
                  value={resolver.address}
                  error={publicErrors[index]?.address ?? null}
                  onChange={(address) => setResolver({ address })}
                />
                <button
                  type="button"
                  className="button subtle"
                  aria-label={t('settings.resolvers.removeNamed', { name: resolver.name || resolver.address })}
                  onClick={() =>
                    update({
                      resolvers: { ...draft.resolvers, public: draft.resolvers.public.filter((_, i) => i !== index) },
                    })
                  }
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
          onClick={() =>
            update({
              resolvers: { ...draft.resolvers, public: [...draft.resolvers.public, { name: '', address: '' }] },
            })
          }
        >
          {t('settings.resolvers.add')}
        </button>
      </section>

      <section className="card" aria-labelledby="checking-title">
        <h2 id="checking-title" className="card-title">
          {t('settings.checking.title')}
        </h2>
        <TextField
          label={t('settings.checking.interval')}
          type="number"
          inputMode="numeric"
          min={5}
          max={3600}
          value={String(draft.intervalSeconds)}
          error={interval}
          hint={t('settings.checking.intervalHint')}
          onChange={(text) => update({ intervalSeconds: text.trim() === '' ? Number.NaN : Number(text) })}
        />
      </section>

      <section className="card" aria-labelledby="notifications-title">
        <h2 id="notifications-title" className="card-title">
          {t('settings.notifications.title')}
        </h2>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.notifications.enabled}
            onChange={(event) => update({ notifications: { ...draft.notifications, enabled: event.target.checked } })}
          />
          <span>{t('settings.notifications.enabled')}</span>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={quiet !== null}
            onChange={(event) =>
              update({
                notifications: {
                  ...draft.notifications,
                  quietHours: event.target.checked ? { start: '22:00', end: '07:00' } : null,
                },
              })
            }
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
              onChange={(start) =>
                update({ notifications: { ...draft.notifications, quietHours: { ...quiet, start } } })
              }
            />
            <TextField
              label={t('settings.notifications.quietEnd')}
              type="time"
              dir="ltr"
              value={quiet.end}
              onChange={(end) => update({ notifications: { ...draft.notifications, quietHours: { ...quiet, end } } })}
            />
          </div>
        ) : null}
        {draft.apps.length > 0 ? (
          <fieldset className="check-grid">
            <legend>{t('settings.notifications.perApp')}</legend>
            {draft.apps.map((entry) => {
              const id = entryId(entry);
              const muted = draft.notifications.mutedApps.includes(id);
              return (
                <label key={id} className="check">
                  <input
                    type="checkbox"
                    checked={!muted}
                    onChange={(event) =>
                      update({
                        notifications: {
                          ...draft.notifications,
                          mutedApps: event.target.checked
                            ? draft.notifications.mutedApps.filter((m) => m !== id)
                            : [...draft.notifications.mutedApps, id],
                        },
                      })
                    }
                  />
                  <span>{nameOf(entry)}</span>
                </label>
              );
            })}
          </fieldset>
        ) : null}
      </section>

      <section className="card" aria-labelledby="general-title">
        <h2 id="general-title" className="card-title">
          {t('settings.general.title')}
        </h2>
        <div className="field">
          <label htmlFor="language-select">{t('settings.general.language')}</label>
          <select
            id="language-select"
            value={draft.language}
            onChange={(event) => update({ language: event.target.value as Config['language'] })}
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
      </section>

      <div className="save-bar" role="region" aria-label={t('settings.save.region')}>
        <div className="save-status" role="status" aria-live="polite">
          {status.kind === 'problem' ? (
            <StatusLabel tone="fail" label={t('settings.save.problem', { problem: status.problem })} size={16} />
          ) : status.kind === 'saved' ? (
            <StatusLabel tone="ok" label={t('settings.save.saved')} size={16} />
          ) : status.kind === 'saving' ? (
            <StatusLabel tone="pending" label={t('settings.save.saving')} size={16} />
          ) : fieldProblems || !whole.ok ? (
            <StatusLabel tone="fail" label={t('settings.save.fixFirst')} size={16} />
          ) : dirty ? (
            <StatusLabel tone="warn" label={t('settings.save.unsaved')} size={16} />
          ) : (
            <span className="muted">{t('settings.save.upToDate')}</span>
          )}
          {!whole.ok && !fieldProblems ? (
            <FieldMessage
              id="config-problem"
              error={{ key: 'settings.save.engineSays', params: { problem: whole.problem } }}
            />
          ) : null}
        </div>
        <div className="button-row">
          <button
            type="button"
            className="button"
            disabled={!dirty || status.kind === 'saving'}
            onClick={() => {
              setDraft(saved);
              setSystemText(saved.resolvers.system === 'auto' ? '' : saved.resolvers.system.join(' '));
              setStatus({ kind: 'idle' });
            }}
          >
            {t('settings.save.discard')}
          </button>
          <button type="submit" className="button primary" disabled={!canSave}>
            {status.kind === 'saving' ? <StatusIcon tone="pending" size={16} /> : null}
            <span>{t('settings.save.save')}</span>
          </button>
        </div>
      </div>
    </form>
  );
}
