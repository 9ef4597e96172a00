// `outage-watch catalog [--json]`: the known apps, the provider canaries and
// the providers, as a table (headings translated, brand names as they are) or
// one JSON document.
import { catalogDocument, statusFeedUrlOf } from '../engine/catalog-listing';
import { createTranslator, resolveLanguage, systemLocale, type Translator } from '../i18n/translate';
import { EXIT_OK, type CliIo } from './io';
import { parseCommandArgs } from './options';

/** Terminal columns a cell takes: combining marks (Arabic vowel signs) take none. */
function displayWidth(text: string): number {
  return [...text.replace(/\p{M}/gu, '')].length;
}

/** Columns padded to the widest cell; the last column is not padded. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((cell, column) =>
    Math.max(displayWidth(cell), ...rows.map((row) => displayWidth(row[column] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === cells.length - 1 ? cell : cell + ' '.repeat((widths[column] ?? 0) - displayWidth(cell)),
      )
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

function providerCell(provider: string | null, region: string | null, translator: Translator): string {
  if (!provider) return translator.t('catalog:list.noProvider');
  return region ? `${provider} ${region}` : provider;
}

export function formatCatalogTable(translator: Translator): string[] {
  const { t } = translator;
  const column = (name: string) => t(`catalog:list.column.${name}`);
  const none = t('catalog:list.none');
  const { apps, canaries, providers } = catalogDocument();
  return [
    t('catalog:list.appsHeading', { count: apps.length }),
    ...table(
      [column('id'), column('name'), column('category'), column('provider'), column('url')],
      apps.map((app) => [
        app.id,
        app.name,
        t(`catalog:category.${app.category}`),
        providerCell(app.provider, app.region, translator),
        app.urls.join(' '),
      ]),
    ),
    '',
    t('catalog:list.canariesHeading', { count: canaries.length }),
    ...table(
      [column('id'), column('name'), column('provider'), column('service'), column('url')],
      canaries.map((canary) => [
        canary.id,
        canary.name,
        providerCell(canary.provider, canary.region, translator),
        canary.service,
        canary.url,
      ]),
    ),
    '',
    t('catalog:list.providersHeading', { count: providers.length }),
    ...table(
      [column('id'), column('name'), column('statusFeed')],
      providers.map((provider) => [provider.id, provider.name, statusFeedUrlOf(provider) ?? none]),
    ),
  ];
}

export async function runCatalogCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('catalog', argv, { json: { type: 'boolean', default: false } });
  if (values.json) {
    io.stdout(JSON.stringify(catalogDocument(), null, 2));
    return EXIT_OK;
  }
  for (const line of formatCatalogTable(createTranslator(resolveLanguage('auto', systemLocale())))) io.stdout(line);
  return EXIT_OK;
}
