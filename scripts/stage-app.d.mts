export const STAGE_DIR: string;
export const APP_CONTENT: { dir: string; keep: (name: string) => boolean }[];
export interface AppManifest {
  name: string;
  productName: string;
  version: string;
  description: string;
  license: string;
  author: { name: string };
  main: string;
}
export function appManifest(projectRoot?: string): AppManifest;
export function appFiles(projectRoot?: string): { path: string; source: string | null }[];
export const BUILD_INPUTS: string[];
export function stageApp(outDir?: string, projectRoot?: string, options?: { withBuildInputs?: boolean }): string[];
export const MAC_STRINGS_DIR: string;
export const INFO_PLIST_LANGUAGES: string[];
export function localNetworkUsage(language: string, projectRoot?: string): string;
export function writeMacInfoPlistStrings(projectRoot?: string): void;
