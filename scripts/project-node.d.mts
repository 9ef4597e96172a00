export function requiredNodeMajor(): number;
export function nodeMajor(version?: string): number;
export function bundledNode(): string | null;
export function ensureProjectNode(label: string): undefined | Promise<never>;
