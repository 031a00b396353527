import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { migrate, readMigrations, type Migration } from '@omnihub/core';
import { STORE_FACTORIES, postgresFactory, freshName, TEST_DATABASE_URL, dropSchema } from '@omnihub/core/testing';
import { openPostgresStore, prepared, runTogether, sqlArray, sqlLiteral, type QueryResult } from '@omnihub/core';

for (const factory of STORE_FACTORIES) {
  describe(`store contract: ${factory.name}`, () => {
    it('applies every migration once and is a no-op the second time', async () => {
      const { store, dispose } = await factory.open({ migrate: false });
      try {
        const first = await migrate(store);
        const all = await readMigrations();
        assert.deepEqual(first.applied, all.map((m) => m.version));
        const second = await migrate(store);
        assert.deepEqual(second.applied, []);
        assert.equal(second.current, all.length);
      } finally {
        await dispose();
      }
    });

    it('refuses to start when a released migration was edited', async () => {
      const { store, dispose } = await factory.open();
      try {
        const all = await readMigrations();
        const edited: Migration[] = all.map((m, i) => (i === 0 ? { ...m, checksum: 'different' } : m));
        await assert.rejects(migrate(store, edited), /changed after it was applied; released migrations are append-only/);
      } finally {
        await dispose();
      }
    });

    it('runs several writes in one query, each with its own parameters, foreign keys holding between them', async () => {
      const { store, dispose } = await factory.open();
      try {
        await store.exec('create table parent (id text primary key, n int); create table child (id text primary key, parent_id text not null references parent (id), note text)');
        await store.query("insert into parent values ('old', 1)");
        await store.transaction((tx) =>
          runTogether(tx, [
            { text: 'insert into parent (id, n) select * from unnest($1::text[], $2::int[])', params: [['p1', 'p2'], [10, 20]] },
            undefined,
            { text: 'insert into child (id, parent_id, note) values ($1, $2, $3)', params: ['c1', 'p2', 'costs $2, not $1'] },
            { text: 'update parent set n = n + $2 where id = $1', params: ['old', 5] },
          ]),
        );
        const { rows } = await store.query<{ id: string; n: number }>('select id, n from parent order by id');
        assert.deepEqual(rows, [{ id: 'old', n: 6 }, { id: 'p1', n: 10 }, { id: 'p2', n: 20 }]);
        assert.deepEqual((await store.query('select id, parent_id, note from child')).rows, [{ id: 'c1', parent_id: 'p2', note: 'costs $2, not $1' }], 'parameter values are never renumbered');
        // One statement runs as written; none is nothing.
        await store.transaction(async (tx) => {
          await runTogether(tx, [{ text: 'delete from child where id = $1', params: ['c1'] }]);
          await runTogether(tx, [undefined]);
        });
        assert.equal((await store.query('select 1 from child')).rowCount, 0);
        // A child of a parent none of the statements wrote breaks the foreign key: nothing is written.
        await assert.rejects(
          store.transaction((tx) =>
            runTogether(tx, [
              { text: 'insert into parent (id, n) values ($1, $2)', params: ['p3', 3] },
              { text: 'insert into child (id, parent_id) values ($1, $2)', params: ['c2', 'missing'] },
            ]),
          ),
        );
        assert.equal((await store.query("select 1 from parent where id = 'p3'")).rowCount, 0);
        await assert.rejects(
          store.transaction((tx) => runTogether(tx, [{ text: 'delete from child where id = $2', params: ['x'] }, { text: 'delete from parent where id = $1', params: ['y'] }])),
          /statement 1 uses \$2 but has 1 parameters/,
        );
      } finally {
        await dispose();
      }
    });

    it('commits a transaction that resolves and rolls back one that throws', async () => {
      const { store, dispose } = await factory.open();
      try {
        await store.exec('create table t (id int primary key, doc jsonb, at timestamptz, n bigint)');
        await store.transaction(async (tx) => {
          await tx.query('insert into t values ($1, $2, $3, $4)', [1, { a: [1, 'x'] }, new Date('2026-01-02T03:04:05Z'), 9007199254740991]);
        });
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.query('insert into t values ($1, $2, now(), 0)', [2, {}]);
            throw new Error('boom');
          }),
          /boom/,
        );
        const { rows } = await store.query<{ id: number; doc: unknown; at: Date; n: number }>('select * from t order by id');
        assert.equal(rows.length, 1);
        assert.deepEqual(rows[0]?.doc, { a: [1, 'x'] });
        assert.ok(rows[0]?.at instanceof Date);
        assert.equal(rows[0]?.at.toISOString(), '2026-01-02T03:04:05.000Z');
        assert.equal(rows[0]?.n, 9007199254740991);
        const counted = await store.query<{ n: number }>('select count(*) as n from t');
        assert.equal(counted.rows[0]?.n, 1);
      } finally {
        await dispose();
      }
    });

    it('runs an opening statement with begin and keeps hostile literals inert', async () => {
      const { store, dispose } = await factory.open();
      try {
        await store.exec('create table lit (v text primary key)');
        const hostile = ["it's", 'back\\slash', "x'); drop table lit; --", 'E\'\\\'', 'ünï'];
        const opening = `insert into lit select unnest(${sqlArray(hostile, 'text')}) returning v`;
        const seen = await store.transaction((_tx, opened) => Promise.resolve(opened.rows.map((row) => row['v'])), opening);
        assert.deepEqual(seen, hostile);
        await assert.rejects(
          store.transaction(() => Promise.reject(new Error('boom')), `insert into lit values (${sqlLiteral('rolled back')})`),
          /boom/,
        );
        const { rows } = await store.query<{ v: string }>('select v from lit order by v');
        assert.deepEqual(rows.map((row) => row.v).sort(), [...hostile].sort());
        assert.throws(() => sqlLiteral('nul\0'), /NUL/);
      } finally {
        await dispose();
      }
    });

    it('runs a statement marked prepared like any other, inside and outside transactions, with its own parameters each time', async () => {
      const { store, dispose } = await factory.open();
      try {
        await store.exec('create table prep (id int primary key, v text)');
        const insert = prepared('insert into prep (id, v) select * from unnest($1::int[], $2::text[]) on conflict (id) do update set v = excluded.v returning id, v');
        assert.equal(insert, 'insert into prep (id, v) select * from unnest($1::int[], $2::text[]) on conflict (id) do update set v = excluded.v returning id, v');
        // More runs than PostgreSQL plans one by one before it may switch to a generic plan.
        for (let n = 0; n < 8; n += 1) {
          const written: QueryResult = await store.transaction((tx) => tx.query(insert, [[n, n + 100], [`a${n}`, `b${n}`]]));
          assert.deepEqual(written.rows, [{ id: n, v: `a${n}` }, { id: n + 100, v: `b${n}` }]);
        }
        assert.deepEqual((await store.query(insert, [[0], ['again']])).rows, [{ id: 0, v: 'again' }]);
        assert.equal((await store.query('select count(*)::int as n from prep')).rows[0]?.['n'], 16);
        // A run that fails on its parameters leaves the statement usable.
        await assert.rejects(store.query(insert, [['not a number'], ['x']]), /invalid input syntax for type integer/);
        assert.deepEqual((await store.query(insert, [[1], ['after']])).rows, [{ id: 1, v: 'after' }]);
      } finally {
        await dispose();
      }
    });

    it('reports rows affected by writes', async () => {
      const { store, dispose } = await factory.open();
      try {
        await store.exec('create table u (id int primary key)');
        const inserted = await store.query('insert into u values (1), (2), (3)');
        assert.equal(inserted.rowCount, 3);
        const conflict = await store.query('insert into u values (1) on conflict do nothing');
        assert.equal(conflict.rowCount, 0);
      } finally {
        await dispose();
      }
    });

    it('reports health', async () => {
      const { store, dispose } = await factory.open();
      try {
        const health = await store.health();
        assert.equal(health.ok, true);
        assert.ok(health.latencyMs >= 0);
      } finally {
        await dispose();
      }
    });
  });
}

describe('store: postgres only', () => {
  it('applies migrations once when several processes start at the same time', async () => {
    const schema = freshName('race');
    const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore({ url: TEST_DATABASE_URL, schema, maxConnections: 2 })));
    try {
      const reports = await Promise.all(stores.map((store) => migrate(store)));
      const applied = reports.flatMap((report) => report.applied);
      const all = await readMigrations();
      assert.deepEqual(applied.sort(), all.map((m) => m.version).sort());
    } finally {
      await Promise.all(stores.map((store) => store.close()));
      await dropSchema(schema);
    }
  });

  it('prepares a statement marked prepared once per connection, under one name, and others not at all', async () => {
    const schema = freshName('prep');
    const store = await openPostgresStore({ url: TEST_DATABASE_URL, schema, maxConnections: 1 });
    try {
      const marked = prepared('select $1::int + 1 as n');
      for (let n = 0; n < 3; n += 1) assert.equal((await store.query(marked, [n])).rows[0]?.['n'], n + 1);
      await store.query('select $1::int + 2 as n', [1]);
      const statements = await store.transaction(async (tx) => {
        await tx.query(marked, [41]);
        return (await tx.query<{ name: string; statement: string }>('select name, statement from pg_prepared_statements order by name')).rows;
      });
      assert.equal(statements.length, 1, JSON.stringify(statements));
      assert.match(statements[0]?.name ?? '', /^omnihub_[0-9a-f]{24}$/);
      assert.equal(statements[0]?.statement, marked);
    } finally {
      await store.close();
      await dropSchema(schema);
    }
  });

  it('keeps test schemas apart', async () => {
    const a = await postgresFactory.open();
    const b = await postgresFactory.open();
    try {
      await a.store.exec('create table only_in_a (id int)');
      await assert.rejects(b.store.query('select * from only_in_a'), /does not exist/);
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });
});
