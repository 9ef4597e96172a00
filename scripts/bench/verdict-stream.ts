// The verdict lines `watch --json-lines` prints, each stamped with when it
// arrived, and `watch` itself started the way a user starts it.
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Verdict, VerdictKind } from '../../electron/contracts/diagnosis';

export interface SeenVerdict {
  kind: VerdictKind;
  provider: string | null;
  apps: string[];
  /** The verdict's summary, to say what was shown instead when the expected one never came. */
  summary: string;
  receivedAt: number;
}

/** The right verdict for a scenario: its kind, and where the scenario defines them its provider and its apps (all of them, no other). */
export interface ExpectedVerdict {
  kind: VerdictKind;
  provider?: string;
  apps?: readonly string[];
}

export function matchesExpected(
  seen: Pick<SeenVerdict, 'kind' | 'provider' | 'apps'>,
  expected: ExpectedVerdict,
): boolean {
  if (seen.kind !== expected.kind) return false;
  if (expected.provider !== undefined && seen.provider !== expected.provider) return false;
  if (expected.apps === undefined) return true;
  const wanted = [...expected.apps].sort();
  const named = [...new Set(seen.apps)].sort();
  return named.length === wanted.length && named.every((app, index) => app === wanted[index]);
}

/** The expected verdict in a few words: `provider-outage (aws: shopfront, streamer)`. */
export function describeExpected(expected: ExpectedVerdict): string {
  const detail = [expected.provider, expected.apps ? [...expected.apps].sort().join(', ') : undefined].filter(Boolean);
  return detail.length > 0 ? `${expected.kind} (${detail.join(': ')})` : expected.kind;
}

function describeSeen(seen: SeenVerdict): string {
  const apps = seen.apps.length > 0 ? ` [${[...seen.apps].sort().join(', ')}]` : '';
  return `${seen.kind}${seen.provider ? ` (${seen.provider})` : ''}${apps}: ${seen.summary}`;
}

export class VerdictStream {
  readonly lines: SeenVerdict[] = [];
  /** Why `watch` stopped, once it has. */
  ended: string | null = null;
  private waiters: Array<() => void> = [];

  get latest(): SeenVerdict | null {
    return this.lines.at(-1) ?? null;
  }

  push(verdict: Verdict): void {
    this.lines.push({
      kind: verdict.kind,
      provider: verdict.provider,
      apps: verdict.apps,
      summary: verdict.summary,
      receivedAt: performance.now(),
    });
    this.wake();
  }

  end(reason: string): void {
    this.ended = reason;
    this.wake();
  }

  /** Verdicts that arrived at or after `since`. */
  since(since: number): SeenVerdict[] {
    return this.lines.filter((line) => line.receivedAt >= since);
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  /**
   * Verdicts since `since` of the expected kind that named another provider or other apps:
   * right kind, wrong verdict (not counted as detection).
   */
  wrongDetail(expected: ExpectedVerdict, since: number): SeenVerdict[] {
    return this.since(since).filter((line) => line.kind === expected.kind && !matchesExpected(line, expected));
  }

  /** Resolves with the arrival time of the first verdict matching `expected` received at or after `since` (or the latest, if it already matches). */
  async waitFor(expected: ExpectedVerdict, since: number, limitMs: number, acceptLatest = false): Promise<number> {
    const deadline = performance.now() + limitMs;
    for (;;) {
      const latest = this.latest;
      if (acceptLatest && latest && matchesExpected(latest, expected)) return Math.max(latest.receivedAt, since);
      const first = this.since(since).find((line) => matchesExpected(line, expected));
      if (first) return first.receivedAt;
      if (this.ended) throw new Error(this.ended);
      const left = deadline - performance.now();
      if (left <= 0)
        throw new Error(
          `no "${describeExpected(expected)}" verdict within ${limitMs / 1000} s (last: ${latest ? describeSeen(latest) : 'none'})`,
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
}

export interface RunningWatch {
  stream: VerdictStream;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Follows a started `watch --json-lines`: its verdicts into a stream, its
 * stderr kept for the message if it dies. The child runs in its own process
 * group (detached), which stop() signals as a whole: npm and what it started.
 */
export function followWatch(child: ChildProcess): RunningWatch {
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
  const stream = new VerdictStream();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      const parsed = JSON.parse(line) as { verdict?: Verdict };
      if (parsed.verdict) stream.push(parsed.verdict);
    } catch {
      // Not a verdict line.
    }
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      stream.end(`\`watch\` exited (${code ?? signal}): ${stderr.trim()}`);
      resolve();
    }),
  );
  return {
    stream,
    child,
    async stop() {
      if (!stream.ended && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          child.kill('SIGTERM');
        }
      }
      const timer = setTimeout(() => {
        if (child.pid !== undefined) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
