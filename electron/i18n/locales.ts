// Every locale file, bundled. One namespace per area, each owned by that area:
// common, cli, diagnosis (verdict sentences), notifications, tray, ui, catalog.
import providersJson from '../../resources/catalog/providers.json';
import arCatalog from '../../resources/locales/ar/catalog.json';
import arCli from '../../resources/locales/ar/cli.json';
import arCommon from '../../resources/locales/ar/common.json';
import arDiagnosis from '../../resources/locales/ar/diagnosis.json';
import arNotifications from '../../resources/locales/ar/notifications.json';
import arTray from '../../resources/locales/ar/tray.json';
import arUi from '../../resources/locales/ar/ui.json';
import enCatalog from '../../resources/locales/en/catalog.json';
import enCli from '../../resources/locales/en/cli.json';
import enCommon from '../../resources/locales/en/common.json';
import enDiagnosis from '../../resources/locales/en/diagnosis.json';
import enNotifications from '../../resources/locales/en/notifications.json';
import enTray from '../../resources/locales/en/tray.json';
import enUi from '../../resources/locales/en/ui.json';

export const LANGUAGES = ['en', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

export const NAMESPACES = ['common', 'cli', 'diagnosis', 'notifications', 'tray', 'ui', 'catalog'] as const;
export type Namespace = (typeof NAMESPACES)[number];

type Tree = { [key: string]: string | Tree };

/**
 * Provider names are brands, the same in every language, and come from the
 * catalog (its short name, as sentences use it); ui.json keeps only the
 * providers that are phrases ("own network").
 */
const PROVIDER_NAMES: Record<string, string> = Object.fromEntries(
  providersJson.map((provider) => [
    provider.id,
    'shortName' in provider && provider.shortName ? provider.shortName : provider.name,
  ]),
);

function withProviderNames(ui: Tree): Tree {
  return { ...ui, provider: { ...PROVIDER_NAMES, ...(ui.provider as Tree) } };
}

export const LOCALE_RESOURCES: Record<Language, Record<Namespace, Tree>> = {
  en: {
    common: enCommon,
    cli: enCli,
    diagnosis: enDiagnosis,
    notifications: enNotifications,
    tray: enTray,
    ui: withProviderNames(enUi),
    catalog: enCatalog,
  },
  ar: {
    common: arCommon,
    cli: arCli,
    diagnosis: arDiagnosis,
    notifications: arNotifications,
    tray: arTray,
    ui: withProviderNames(arUi),
    catalog: arCatalog,
  },
};
