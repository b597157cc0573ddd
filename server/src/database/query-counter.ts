import type { Logger, QueryRunner } from 'typeorm';

/**
 * A TypeORM logger that counts the SQL statements it sees; tests use it to prove that batched
 * resolvers issue one query per entity type, and it logs errors and slow queries to stderr.
 */
export class QueryCounter implements Logger {
  statements: string[] = [];

  get count(): number {
    return this.statements.length;
  }

  reset(): void {
    this.statements = [];
  }

  logQuery(query: string, _parameters?: unknown[], _queryRunner?: QueryRunner): void {
    this.statements.push(query);
    if (this.statements.length > 10000) this.statements.splice(0, 5000);
  }

  logQueryError(error: string | Error, query: string): void {
    if (process.env.LOTGRAPH_LOG_SQL_ERRORS) console.error(`SQL error: ${String(error)}\n  ${query}`);
  }

  logQuerySlow(time: number, query: string): void {
    console.warn(`slow query (${time} ms): ${query.slice(0, 200)}`);
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    if (process.env.LOTGRAPH_LOG_MIGRATIONS) console.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') console.warn(message);
  }
}
