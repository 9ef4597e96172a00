// A history database that refuses every write from now on, for the tests of
// what the engine does when its history fails: a second connection adds
// triggers that abort each insert and update, as a full or broken disk would.
// The engine's own open connection sees them at its next write.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export const REFUSED_WRITE_MESSAGE = 'the history refuses writes (test)';

/** Makes the one SQLite file in dataDir refuse writes; returns how to undo it. */
export function refuseHistoryWrites(dataDir: string): () => void {
  const files = readdirSync(dataDir).filter((name) => name.endsWith('.sqlite'));
  if (files.length !== 1)
    throw new Error(`expected one history file in ${dataDir}, found ${files.join(', ') || 'none'}`);
  const db = new DatabaseSync(join(dataDir, files[0] as string), { timeout: 5000 });
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all()
    .map((row) => String(row.name));
  const triggers: string[] = [];
  db.exec('BEGIN');
  for (const table of tables) {
    for (const event of ['INSERT', 'UPDATE']) {
      const name = `refuse_${event.toLowerCase()}_${table}`;
      db.exec(
        `CREATE TRIGGER "${name}" BEFORE ${event} ON "${table}" BEGIN SELECT RAISE(ABORT, '${REFUSED_WRITE_MESSAGE}'); END`,
      );
      triggers.push(name);
    }
  }
  db.exec('COMMIT');
  db.close();
  return () => {
    const undo = new DatabaseSync(join(dataDir, files[0] as string), { timeout: 5000 });
    for (const name of triggers) undo.exec(`DROP TRIGGER IF EXISTS "${name}"`);
    undo.close();
  };
}
