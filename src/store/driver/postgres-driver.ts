import pg from 'pg'
import { translatePostgresError } from './postgres-errors.js'
import type { ExecuteOptions, SqlDriver, SqlExecutor, SqlResult, SqlRow } from './driver.js'

export interface PostgresOptions {
  readonly url: string
  /** Schema to create and use (search_path); `public` when absent. */
  readonly schema?: string
  readonly poolSize?: number
  /** TLS to the database; `require` verifies the server certificate. */
  readonly ssl?: boolean | { readonly rejectUnauthorized: boolean; readonly ca?: string }
}

const INT8 = 20
const NUMERIC = 1700
const TIMESTAMPTZ = 1184
const TIMESTAMP = 1114
const DATE = 1082

/**
 * PostgreSQL through a pg pool. Sessions run in UTC, and values come back in the store's
 * encoding: bigint and numeric as numbers, timestamps as ISO text, dates as text.
 * Statements are prepared by name, once per connection, unless `reusePlan` is false.
 */
export function openPostgres(options: PostgresOptions): SqlDriver {
  const types = {
    getTypeParser(oid: number, format?: string): (text: string) => unknown {
      if (oid === INT8) return parseInt8
      if (oid === NUMERIC) return Number
      if (oid === TIMESTAMPTZ || oid === TIMESTAMP) return toIsoTimestamp
      if (oid === DATE) return (text: string) => text
      return pg.types.getTypeParser(oid, format as 'text')
    },
  }
  const schema = options.schema
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    types: types as pg.CustomTypesConfig,
    options: `-c TimeZone=UTC${schema ? ` -c search_path=${schema}` : ''}`,
    ...(options.ssl === undefined ? {} : { ssl: options.ssl }),
  })
  // An idle client that loses its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined)
  const names = new Map<string, string>()
  let schemaReady: Promise<void> | undefined

  const ensureSchema = (): Promise<void> => {
    if (!schema) return Promise.resolve()
    schemaReady ??= pool
      .query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '""')}"`)
      .then(() => undefined)
      .catch((error: unknown) => {
        schemaReady = undefined
        throw translatePostgresError(error)
      })
    return schemaReady
  }

  const statementName = (sql: string): string => {
    let name = names.get(sql)
    if (!name) {
      name = `p${names.size.toString(36)}`
      names.set(sql, name)
    }
    return name
  }

  const run = async (client: pg.Pool | pg.PoolClient, sql: string, params: readonly unknown[], options?: ExecuteOptions): Promise<SqlResult> => {
    try {
      const named = options?.reusePlan === false ? {} : { name: statementName(sql) }
      const result = await client.query<SqlRow>({ text: sql, values: params as unknown[], ...named })
      return { rows: result.rows, changes: result.rowCount ?? 0 }
    } catch (error) {
      throw translatePostgresError(error)
    }
  }

  const url = new URL(options.url)
  url.password = ''
  return {
    dialect: 'postgres',
    description: `${url.toString()}${schema ? ` (schema ${schema})` : ''}`,
    async execute(sql, params = [], options) {
      await ensureSchema()
      return run(pool, sql, params, options)
    },
    async transaction(fn, txOptions = {}) {
      await ensureSchema()
      let client: pg.PoolClient
      try {
        client = await pool.connect()
      } catch (error) {
        throw translatePostgresError(error)
      }
      const tx: SqlExecutor = {
        dialect: 'postgres',
        execute: (sql, params = [], options) => run(client, sql, params, options),
        executeMany: async (sql, lists) => {
          const out: SqlResult[] = []
          for (const params of lists) out.push(await run(client, sql, params))
          return out
        },
      }
      try {
        await client.query(txOptions.serializable ? 'BEGIN ISOLATION LEVEL SERIALIZABLE' : 'BEGIN')
        const result = await fn(tx)
        await client.query('COMMIT')
        client.release()
        return result
      } catch (error) {
        try {
          await client.query('ROLLBACK')
          client.release()
        } catch {
          client.release(true)
        }
        // The caller's own errors pass through as they are; only database errors are translated.
        throw isDatabaseError(error) ? translatePostgresError(error) : error
      }
    },
    async executeMany(sql, lists) {
      await ensureSchema()
      const out: SqlResult[] = []
      for (const params of lists) out.push(await run(pool, sql, params))
      return out
    },
    async ping() {
      await ensureSchema()
      await run(pool, 'SELECT 1', [])
    },
    async close() {
      if (pool.ended || pool.ending) return
      await pool.end()
    },
  }
}

/** pg and socket errors carry a string `code`; a PorticoError (also coded) passes through translation unchanged. */
function isDatabaseError(error: unknown): boolean {
  return typeof (error as { code?: unknown }).code === 'string'
}

function parseInt8(text: string): number {
  const n = Number(text)
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${text} is beyond JavaScript's safe integer range`)
  return n
}

/** `2024-01-02 10:20:30.1+00` → `2024-01-02T10:20:30.100Z` (sessions run in UTC). */
export function toIsoTimestamp(text: string): string {
  const m = /^(\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d+))?(?:[+-]00(?::?00)?)?$/.exec(text)
  if (!m) return new Date(text).toISOString()
  const ms = ((m[3] ?? '') + '000').slice(0, 3)
  return `${m[1]}T${m[2]}.${ms}Z`
}
