/**
 * A query built and compiled once, run many times with new values. Building a query with Kysely
 * on every call costs more than SQLite takes to run it; the queries of every hook call (replay
 * claims, snooze look-ups) are compiled once per store instead. Each named value is a placeholder
 * while the query is built and is swapped for the real value at each call.
 */
import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import type { StoreTables } from './tables';

class Placeholder {
  constructor(readonly name: string) {}
}

export interface PreparedQuery<Values, Row> {
  execute(values: Values): Promise<QueryResult<Row>>;
}

/** `build` receives stand-ins for the values, typed as the values, and returns the query. */
export function prepareQuery<Values extends Record<string, unknown>, Row>(
  db: Kysely<StoreTables>,
  build: (db: Kysely<StoreTables>, values: Values) => Compilable<Row>,
): PreparedQuery<Values, Row> {
  const standIns = new Proxy({}, { get: (_target, name) => new Placeholder(String(name)) }) as Values;
  const compiled = build(db, standIns).compile();
  const slots = compiled.parameters.map((parameter) => (parameter instanceof Placeholder ? parameter.name : undefined));
  return {
    execute(values) {
      const parameters = slots.map((name, i) => (name === undefined ? compiled.parameters[i] : values[name]));
      return db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, parameters));
    },
  };
}
