// Find a known app by name, id, cloud or category, and add it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogEntry } from '../../../electron/contracts/bridge';
import { TextField } from '../../components/field';

const CATALOG_RESULTS = 8;

export function CatalogSearch({
  catalog,
  watchedIds,
  onAdd,
}: {
  catalog: CatalogEntry[];
  watchedIds: ReadonlySet<string>;
  onAdd: (entry: CatalogEntry) => void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const category = (entry: CatalogEntry) => t(`catalog:category.${entry.category}`, { defaultValue: entry.category });

  const needle = query.trim().toLowerCase();
  const results = needle
    ? catalog
        .filter((entry) => !watchedIds.has(entry.id))
        .filter((entry) =>
          [entry.name, entry.id, entry.provider ?? '', category(entry)].some((text) =>
            text.toLowerCase().includes(needle),
          ),
        )
        .slice(0, CATALOG_RESULTS)
    : [];

  return (
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
                    {category(entry)}
                    {entry.provider ? ` · ${t(`provider.${entry.provider}`, { defaultValue: entry.provider })}` : null}
                  </span>
                </span>
                <button
                  type="button"
                  className="button"
                  aria-label={t('settings.catalog.addNamed', { name: entry.name })}
                  onClick={() => onAdd(entry)}
                >
                  {t('settings.catalog.add')}
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}
