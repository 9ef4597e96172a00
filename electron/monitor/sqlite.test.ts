// The thin layer over node:sqlite that the history store and its migrations use.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Database } from './sqlite';

function memory(): Database {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, size REAL)');
  return db;
}

test('statements bind positional and named parameters and return plain rows', () => {
  const db = memory();
  const insert = db.prepare<{ name: string; size: number | null }>('INSERT INTO t (name, size) VALUES (@name, @size)');
  assert.deepEqual(insert.run({ name: 'a', size: 1.5 }), { changes: 1, lastInsertRowid: 1 });
  insert.run({ name: 'b', size: null });
  const byName = db.prepare<[string], { id: number; name: string; size: number | null }>(
    'SELECT * FROM t WHERE name = ?',
  );
  const row = byName.get('a');
  assert.deepEqual(row, { id: 1, name: 'a', size: 1.5 });
  assert.equal(Object.getPrototypeOf(row), Object.prototype, 'rows compare like object literals');
  assert.equal(byName.get('zzz'), undefined);
  assert.deepEqual(db.prepare('SELECT name FROM t ORDER BY id').pluck().all(), ['a', 'b']);
  assert.throws(() => db.prepare('INSERT INTO t (name) VALUES (?)').run(null as unknown as string), /NOT NULL/);
});

test('pragma returns rows, or the first value with simple', () => {
  const db = memory();
  assert.equal(db.pragma('user_version', { simple: true }), 0);
  db.pragma('user_version = 7');
  assert.deepEqual(db.pragma('user_version'), [{ user_version: 7 }]);
});

test('transactions commit on return, roll back on throw, and nest as savepoints', () => {
  const db = memory();
  const add = db.prepare<[string]>('INSERT INTO t (name) VALUES (?)');
  const names = () => db.prepare('SELECT name FROM t ORDER BY id').pluck().all();
  assert.equal(
    db.transaction((name: string) => {
      add.run(name);
      return 'done';
    })('kept'),
    'done',
  );
  assert.throws(
    db.transaction(() => {
      add.run('lost');
      throw new Error('abort');
    }),
    /abort/,
  );
  db.transaction(() => {
    add.run('outer');
    assert.throws(
      db.transaction(() => {
        add.run('inner');
        throw new Error('inner abort');
      }),
      /inner abort/,
    );
  })();
  assert.deepEqual(names(), ['kept', 'outer'], 'the inner rollback kept the outer work');
});

test('a read-only connection refuses writes; close is idempotent', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'outage-watch-sqlite-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'x.sqlite');
  const writer = new Database(path);
  writer.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
  writer.close();
  const reader = new Database(path, { readonly: true });
  assert.throws(() => reader.exec('INSERT INTO t DEFAULT VALUES'), /readonly/);
  assert.equal(reader.open, true);
  reader.close();
  reader.close();
  assert.equal(reader.open, false);
});
