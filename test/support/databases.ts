/**
 * The databases every store test runs on. SQLite always; PostgreSQL when reachable at
 * PORTICO_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test). Each opened
 * database is fresh: a temporary SQLite file, or a new PostgreSQL schema dropped afterwards.
 * With CI=true an unreachable PostgreSQL fails the run instead of skipping.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { openDriver, type SqlDriver } from '../../src/store/index.js'

export type DatabaseKind = 'sqlite' | 'postgres'

export const PG_URL = process.env.PORTICO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export interface TestDatabase {
  readonly kind: DatabaseKind
  /** A URL `openDriver` accepts, pointing at a fresh, empty database. */
  readonly url: string
  readonly driver: SqlDriver
  /** Closes the driver and removes the database. */
  dispose(): Promise<void>
}

let pgProbe: Promise<string | undefined> | undefined

/** Undefined when PostgreSQL answers, else why not. */
export function postgresUnavailable(): Promise<string | undefined> {
  pgProbe ??= (async () => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 })
    try {
      await client.connect()
      await client.query('SELECT 1')
      return undefined
    } catch (error) {
      return `PostgreSQL at ${PG_URL} is not reachable (${(error as Error).message})`
    } finally {
      await client.end().catch(() => undefined)
    }
  })()
  return pgProbe
}

/** The kinds to run on; reports (or, under CI, fails on) a missing PostgreSQL. */
export async function databaseKinds(): Promise<DatabaseKind[]> {
  const why = await postgresUnavailable()
  if (why === undefined) return ['sqlite', 'postgres']
  if (process.env.CI === 'true') throw new Error(`CI=true and ${why}`)
  console.warn(`skipping PostgreSQL tests: ${why}`)
  return ['sqlite']
}

let counter = 0

export async function openTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'portico-test-'))
    const url = `sqlite:${join(dir, 'db.sqlite')}`
    const driver = openDriver(url)
    return {
      kind,
      url,
      driver,
      async dispose() {
        await driver.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${(counter++).toString(36)}`
  const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`
  const driver = openDriver(url)
  return {
    kind,
    url,
    driver,
    async dispose() {
      await driver.close()
      const client = new pg.Client({ connectionString: PG_URL })
      await client.connect()
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      } finally {
        await client.end()
      }
    },
  }
}
