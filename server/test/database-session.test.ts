import { createSubgraphDatabase } from '../src/database/data-source';
import { createTestDatabase } from '../src/database/test-database';

describe('subgraph database sessions', () => {
  it('never JIT-compile a query on PostgreSQL: a trace spent ~30 ms compiling a query that runs in a few', async () => {
    const testDb = await createTestDatabase();
    const database = createSubgraphDatabase({ ...testDb, schema: 'probe', entities: [], migrations: [] });
    try {
      await database.migrate();
      // Every pooled connection, not only the first one.
      const settings = await Promise.all(Array.from({ length: 3 }, () => database.dataSource.query('SHOW jit')));
      // PGlite is built without LLVM and never compiles, whatever the setting says.
      const expected = testDb.databaseUrl ? 'off' : 'on';
      expect(settings.map(([row]) => row.jit)).toEqual([expected, expected, expected]);
    } finally {
      await database.close();
      await testDb.drop();
    }
  });
});
