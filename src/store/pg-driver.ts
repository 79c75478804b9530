// The PostgreSQL driver, loaded when a PostgreSQL database is opened rather than at every start on SQLite.
import { createRequire } from 'node:module';
import type pg from 'pg';

let loaded: typeof pg | null = null;

export function pgDriver(): typeof pg {
  if (!loaded) {
    loaded = createRequire(import.meta.url)('pg') as typeof pg;
    // BIGINT columns hold epoch milliseconds and sequence numbers, well inside Number's safe range.
    loaded.types.setTypeParser(20, (value) => Number(value));
  }
  return loaded;
}
