export const CLI_DIR: string;
export const CLI_ENTRY_FILE: string;
export function buildCli(outdir?: string): Promise<string>;
export function cliBundleState(outdir?: string): 'missing' | 'stale' | 'fresh';
export function cliEntryUrl(outdir?: string): string;
