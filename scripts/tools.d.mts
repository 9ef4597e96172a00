export function toolScript(pkg: string, command?: string): string;
export function runTool(
  pkg: string,
  args: string[],
  options?: { command?: string; cwd?: string; stdio?: 'inherit' | 'ignore' | 'pipe'; env?: NodeJS.ProcessEnv },
): number;
