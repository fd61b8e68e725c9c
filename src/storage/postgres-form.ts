/**
 * The shared form: PostgreSQL through a pg pool, for several replicas. Every wait has an end.
 * The server cancels a statement after statement_timeout; pg gives up on a connection after
 * connectionTimeoutMillis (also when every pooled connection is busy); and, because a frozen
 * server answers neither, the client gives up on its own a moment later and throws the stuck
 * connection away, so the next query gets a fresh one instead of queueing behind it.
 */
import pg from 'pg';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult } from 'kysely';
import type { Logger } from 'pino';
import { withDeadline } from './deadline';
import { StoreUnavailableError } from './errors';
import type { StoreTables } from './tables';

export interface PostgresLimits {
  queryTimeoutMs: number;
  connectTimeoutMs: number;
  poolSize: number;
}

/** The server's own timeout should normally answer first; the client waits this much longer. */
const CLIENT_GRACE_MS = 250;

/**
 * SQLSTATE classes that mean the server cannot serve now (connection, resources, operator
 * intervention such as statement_timeout or shutdown, system errors, serialisation failures).
 * Other classes (bad data, constraints, syntax) are not an outage and keep their own error.
 */
const UNAVAILABLE_CLASSES = new Set(['08', '40', '53', '55', '57', '58']);

function translated(err: unknown): unknown {
  if (err instanceof StoreUnavailableError) return err;
  if (err instanceof pg.DatabaseError) {
    const code = err.code ?? '';
    return UNAVAILABLE_CLASSES.has(code.slice(0, 2)) ? new StoreUnavailableError(`the database failed (SQLSTATE ${code})`, { cause: err }) : err;
  }
  // Refused or reset sockets, DNS failures, pg's own timeouts: the database cannot be reached.
  if (err instanceof Error && !(err instanceof TypeError) && !(err instanceof RangeError)) {
    return new StoreUnavailableError('the database cannot be reached', { cause: err });
  }
  return err;
}

/** int8 (counts, and the times kept as milliseconds) as numbers: every value here is below 2^53. */
type TypeParserArgs = Parameters<typeof pg.types.getTypeParser>;
const types: pg.CustomTypesConfig = {
  getTypeParser: (oid: TypeParserArgs[0], format?: TypeParserArgs[1]): unknown =>
    oid === pg.types.builtins.INT8 ? Number : (pg.types.getTypeParser(oid, format) as unknown),
};

/**
 * A pooled connection whose every query has a client-side deadline. While it is lent out, pg
 * emits the loss of its socket as an 'error' event that nobody else listens to, which would take
 * the process down; the query in flight fails on its own, and the connection is thrown away.
 */
function deadlineClient(client: pg.PoolClient, queryDeadlineMs: number): PostgresPoolClient {
  let stuck = false;
  const onLost = () => {
    stuck = true;
  };
  client.on('error', onLost);
  const query = async <R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> => {
    try {
      const result = await withDeadline(client.query(sql, parameters as unknown[]), queryDeadlineMs, 'a query');
      return result as unknown as PostgresQueryResult<R>;
    } catch (err) {
      if (err instanceof StoreUnavailableError) stuck = true;
      throw translated(err);
    }
  };
  return {
    query,
    // Giving back a connection whose query never answered, or that was lost, destroys it instead of pooling it.
    release: (destroy?: boolean) => {
      client.removeListener('error', onLost);
      client.release(destroy === true || stuck);
    },
  } as PostgresPoolClient;
}

function deadlinePool(pool: pg.Pool, limits: PostgresLimits): PostgresPool {
  return {
    async connect() {
      try {
        const client = await withDeadline(pool.connect(), limits.connectTimeoutMs + CLIENT_GRACE_MS, 'a connection request', (late) => late.release(true));
        return deadlineClient(client, limits.queryTimeoutMs + CLIENT_GRACE_MS);
      } catch (err) {
        throw translated(err);
      }
    },
    end: () => pool.end(),
  };
}

export function openPostgres(connectionString: string, limits: PostgresLimits, logger: Logger): Kysely<StoreTables> {
  const pool = new pg.Pool({
    connectionString,
    max: limits.poolSize,
    connectionTimeoutMillis: limits.connectTimeoutMs,
    statement_timeout: limits.queryTimeoutMs,
    keepAlive: true,
    application_name: 'hamstring-cds',
    types,
  });
  // An idle connection the server drops must not take the process down; the next query reconnects.
  pool.on('error', (err) => logger.error({ errorName: err.name }, 'database connection lost'));
  return new Kysely<StoreTables>({ dialect: new PostgresDialect({ pool: deadlinePool(pool, limits) }) });
}
