// The real CLI `watch --json-lines` as a child process, for the tests that
// watch it work: its verdict lines as they come, its stderr, its exit.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Verdict } from '../contracts/diagnosis';

const CLI_ENTRY = new URL('../cli/main.ts', import.meta.url).pathname;
/** How long to wait for a line before failing; the monitor's own pace is ~interval + confirm delay. */
export const LINE_DEADLINE_MS = 30_000;

export interface WatchLine {
  at: string;
  verdict: Verdict;
}

export class WatchProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: WatchLine[] = [];
  stderr = '';
  private buffered = '';
  private waiters: (() => void)[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  /** `args` follow `watch`; pass --json-lines for verdict lines. */
  constructor(args: string[]) {
    this.child = spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, 'watch', ...args], { stdio: 'pipe' });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffered += chunk.toString();
      const parts = this.buffered.split('\n');
      this.buffered = parts.pop() ?? '';
      for (const part of parts) if (part.trim()) this.lines.push(JSON.parse(part) as WatchLine);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.on('close', (code, signal) => resolve({ code, signal })));
  }

  /** Waits for a line (after the first `from`) that matches. */
  async waitFor(from: number, match: (line: WatchLine) => boolean, what: string, deadlineMs = LINE_DEADLINE_MS) {
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      const found = this.lines.slice(from).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no ${what} line within ${deadlineMs} ms; lines: ${JSON.stringify(this.lines.map((l) => l.verdict.kind))}; stderr: ${this.stderr}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** SIGINT, then the exit. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null) this.child.kill('SIGINT');
    return this.exited;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** Runs `watch` with these arguments to its end (for the refusals: exit 2 and one line). */
export async function runWatchToEnd(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, 'watch', ...args], { stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
  return { code, stdout, stderr };
}
