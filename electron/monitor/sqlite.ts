// The history's SQLite, from Node's built-in node:sqlite: the same code opens
// the file under the CLI's Node and in Electron's utility process (Node 24),
// with no native module to rebuild per ABI or unpack from the asar. A thin
// layer gives it the few conveniences the store relies on (typed statements,
// pragma, nested transactions, pluck) and plain-object rows.
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';

type Row = Record<string, unknown>;
/** Positional parameters as a tuple, or one object of named ones (`@name`, `:name` or `$name`). */
type Parameters<P> = P extends readonly unknown[] ? P : [P];

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface DatabaseOptions {
  readonly?: boolean;
}

export class Statement<P extends readonly unknown[] | object = unknown[], R = unknown> {
  private plucking = false;

  constructor(private readonly statement: StatementSync) {}

  /** Rows become their first column's value. */
  pluck(): Statement<P, unknown> {
    this.plucking = true;
    return this as Statement<P, unknown>;
  }

  run(...params: Parameters<P>): RunResult {
    const { changes, lastInsertRowid } = this.statement.run(...bind(params));
    return { changes: Number(changes), lastInsertRowid };
  }

  get(...params: Parameters<P>): R | undefined {
    const row = this.statement.get(...bind(params));
    return row === undefined ? undefined : this.shape(row);
  }

  all(...params: Parameters<P>): R[] {
    return this.statement.all(...bind(params)).map((row) => this.shape(row));
  }

  private shape(row: Row): R {
    return (this.plucking ? Object.values(row)[0] : { ...row }) as R;
  }
}

export class Database {
  private readonly db: DatabaseSync;
  private depth = 0;
  private closed = false;

  constructor(path: string, options: DatabaseOptions = {}) {
    this.db = new DatabaseSync(path, { readOnly: options.readonly ?? false });
  }

  prepare<P extends readonly unknown[] | object = unknown[], R = unknown>(sql: string): Statement<P, R> {
    return new Statement<P, R>(this.db.prepare(sql));
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  /** `PRAGMA source`: every row, or with `simple` the first row's first value. */
  pragma(source: string, options: { simple?: boolean } = {}): unknown {
    const rows = this.db.prepare(`PRAGMA ${source}`).all();
    if (!options.simple) return rows.map((row) => ({ ...row }));
    const first = rows[0];
    return first === undefined ? undefined : Object.values(first)[0];
  }

  /** Wraps fn in a transaction (a savepoint when nested): committed when it returns, rolled back when it throws. */
  transaction<A extends unknown[], T>(fn: (...args: A) => T): (...args: A) => T {
    return (...args: A) => {
      const savepoint = `tx${this.depth}`;
      this.db.exec(this.depth === 0 ? 'BEGIN' : `SAVEPOINT ${savepoint}`);
      this.depth += 1;
      try {
        const result = fn(...args);
        this.db.exec(this.depth === 1 ? 'COMMIT' : `RELEASE ${savepoint}`);
        return result;
      } catch (error) {
        this.db.exec(this.depth === 1 ? 'ROLLBACK' : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
        throw error;
      } finally {
        this.depth -= 1;
      }
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  get open(): boolean {
    return !this.closed;
  }
}

function bind(params: readonly unknown[]): SQLInputValue[] {
  return params as SQLInputValue[];
}
