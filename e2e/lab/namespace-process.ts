// A Node script running inside a lab namespace, steered over stdin/stdout with
// one JSON object per line: the test sends {id, command}, the script answers
// {id, ok, error?, result?}. Every child is remembered so cleanup can kill it even when
// the test dies half-way.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface ControlReply {
  id: number;
  ok: boolean;
  error?: string;
  /** What the command returned (a benchmark's traffic counts), when it returned anything. */
  result?: unknown;
}

const liveChildren = new Set<ChildProcess>();

/**
 * The environment for Node processes the lab starts: without the test
 * runner's own variables (a child must not report into the parent's test run),
 * without extra trusted CAs (the CLI trusts only the config's CA file) and
 * without the host's proxy settings.
 */
export function labChildEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['NODE_OPTIONS', 'NODE_TEST_CONTEXT', 'NODE_EXTRA_CA_CERTS']) delete env[name];
  // A proxy of the machine running the tests is not the lab's: a scenario that wants one sets it.
  for (const name of Object.keys(env)) if (/^(https?|no|all)_proxy$/i.test(name)) delete env[name];
  return env;
}

/** Remembers a child the lab started (a real daemon), so cleanup kills it even when the test dies half-way. */
export function trackLabChild(child: ChildProcess): void {
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
}

/** Kills every namespace process still running (SIGKILL: cleanup cannot wait). */
export function killAllNamespaceProcesses(): void {
  for (const child of liveChildren) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  liveChildren.clear();
}

export class NamespaceProcess<Command extends object> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  private stderrTail = '';
  private exited: Promise<void>;

  private constructor(
    readonly label: string,
    private readonly child: ChildProcess,
  ) {
    liveChildren.add(child);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-4000);
    });
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => this.onLine(line));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        liveChildren.delete(child);
        const failure = new Error(`${label} exited (${code ?? signal}): ${this.stderrTail.trim()}`);
        for (const waiter of this.pending.values()) waiter.reject(failure);
        this.pending.clear();
        resolve();
      });
    });
  }

  /** Starts `node --import tsx <script>` in the namespace and waits for its first reply (ready). */
  static async start<Command extends object>(
    label: string,
    namespace: string,
    scriptUrl: URL,
    startCommand: Command,
  ): Promise<NamespaceProcess<Command>> {
    const child = spawn(
      'ip',
      ['netns', 'exec', namespace, process.execPath, '--import', 'tsx', fileURLToPath(scriptUrl)],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: labChildEnv(),
      },
    );
    const controlled = new NamespaceProcess<Command>(label, child);
    await controlled.send(startCommand);
    return controlled;
  }

  private onLine(line: string): void {
    let reply: ControlReply;
    try {
      reply = JSON.parse(line) as ControlReply;
    } catch {
      return;
    }
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    if (reply.ok) waiter.resolve(reply.result);
    else waiter.reject(new Error(`${this.label}: ${reply.error ?? 'command failed'}`));
  }

  /** Sends one command and waits until the script has applied it. */
  async send(command: Command): Promise<void> {
    await this.ask(command);
  }

  /** Sends one command and resolves with what the script returned for it. */
  ask<Result>(command: Command): Promise<Result> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new Error(`${this.label}: no reply to ${JSON.stringify(command)} in 30 s; stderr: ${this.stderrTail.trim()}`),
        );
      }, 30_000);
      this.pending.set(id, {
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result as Result);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.child.stdin?.write(`${JSON.stringify({ id, command })}\n`);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** The script side: reads commands from stdin, applies them in order, answers each (with what `apply` returned, if anything). */
export function serveCommands<Command>(apply: (command: Command) => Promise<unknown> | unknown): void {
  const lines = createInterface({ input: process.stdin });
  let queue = Promise.resolve();
  lines.on('line', (line) => {
    const message = JSON.parse(line) as { id: number; command: Command };
    queue = queue.then(async () => {
      try {
        const result = await apply(message.command);
        process.stdout.write(`${JSON.stringify({ id: message.id, ok: true, result })}\n`);
      } catch (error) {
        process.stdout.write(
          `${JSON.stringify({ id: message.id, ok: false, error: String((error as Error).message ?? error) })}\n`,
        );
      }
    });
  });
  // The parent going away closes stdin: the namespace must not keep a stray server.
  lines.on('close', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}
