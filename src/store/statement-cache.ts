// SQLite's commit path: each SQL text is prepared once on the raw connection and reused for every later commit.
import type Database from 'better-sqlite3';

export class StatementCache {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(db: Database.Database) {
    this.db = db;
  }

  /** The prepared statement for this SQL text, prepared on first use. */
  get(sqlText: string): Database.Statement {
    let statement = this.statements.get(sqlText);
    if (!statement) {
      statement = this.db.prepare(sqlText);
      this.statements.set(sqlText, statement);
    }
    return statement;
  }

  /** Runs `fn` inside `BEGIN IMMEDIATE … COMMIT`, rolling back if it throws or rejects. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    this.get('begin immediate').run();
    try {
      const result = await fn();
      this.get('commit').run();
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.get('rollback').run();
      throw error;
    }
  }
}
