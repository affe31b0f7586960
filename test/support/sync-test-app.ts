import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultPlatform } from '../../src/cli/adapters.js'
import { indexModel, type AppModel } from '../../src/model/index.js'
import {
  applySync,
  buildPhysicalSchema,
  planSync,
  type ApplyOptions,
  type PhysicalSchema,
  type SqlDriver,
  type SyncPlan,
  type SyncResult,
} from '../../src/store/index.js'

/**
 * Test support for schema sync (used by its tests only; not exported): a model from a few
 * lines of YAML, loaded the way the runtime loads an app folder.
 */
export interface TestApp {
  readonly model: AppModel
  readonly physical: PhysicalSchema
}

/** An app `shop` with one module `Shop` whose domain file is `domain`. */
export function testApp(domain: string, options: { readonly version?: string } = {}): TestApp {
  const dir = mkdtempSync(join(tmpdir(), 'portico-sync-'))
  try {
    mkdirSync(join(dir, 'Shop'))
    writeFileSync(join(dir, 'portico.yaml'), `app: shop\nversion: ${options.version ?? '1.0.0'}\nmodules: [Shop]\n`)
    writeFileSync(join(dir, 'Shop', 'domain.yaml'), domain)
    return loaded(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Loads an app folder, failing loudly on errors. */
export function loaded(dir: string): TestApp {
  const { model, diagnostics } = defaultPlatform().loader.load(dir)
  const errors = diagnostics.filter((d) => d.severity === 'error')
  if (!model || errors.length > 0) throw new Error(`test app does not load: ${JSON.stringify(errors, null, 2)}`)
  return { model, physical: buildPhysicalSchema(indexModel(model)) }
}

export function planFor(driver: SqlDriver, app: TestApp): Promise<SyncPlan> {
  return planSync(driver, app.physical, app.model)
}

/** Plans and applies in one go. */
export async function syncTo(driver: SqlDriver, app: TestApp, options: ApplyOptions = {}): Promise<SyncResult> {
  return applySync(driver, await planFor(driver, app), options)
}

/** Inserts a row with the system columns filled; returns its id. */
export async function insertRow(driver: SqlDriver, table: string, values: Readonly<Record<string, unknown>>): Promise<number> {
  const now = '2024-01-02T03:04:05.000Z'
  const row = { created_at: now, changed_at: now, version: 1, ...values }
  const columns = Object.keys(row)
  const marks = columns.map((_, i) => (driver.dialect === 'sqlite' ? '?' : `$${i + 1}`))
  const { rows } = await driver.execute(
    `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${marks.join(', ')}) RETURNING "id"`,
    Object.values(row),
  )
  return Number(rows[0]?.id)
}

/** The rows of a query, for assertions. */
export async function select(driver: SqlDriver, sql: string): Promise<Record<string, unknown>[]> {
  return (await driver.execute(sql)).rows
}

/** Column names of a table, in order. */
export async function columnNames(driver: SqlDriver, table: string): Promise<string[]> {
  const sql =
    driver.dialect === 'sqlite'
      ? `SELECT "name" FROM pragma_table_info('${table}') ORDER BY "cid"`
      : `SELECT column_name AS "name" FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '${table}' ORDER BY ordinal_position`
  return (await select(driver, sql)).map((r) => String(r.name))
}

/** Table names in the database (or schema), sorted. */
export async function tableNames(driver: SqlDriver): Promise<string[]> {
  const sql =
    driver.dialect === 'sqlite'
      ? `SELECT "name" FROM "sqlite_master" WHERE "type" = 'table' AND "name" NOT LIKE 'sqlite_%' ORDER BY 1`
      : `SELECT table_name AS "name" FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`
  return (await select(driver, sql)).map((r) => String(r.name))
}

/** Index names of a table, sorted (without SQLite's internal ones and PostgreSQL's primary keys). */
export async function indexNames(driver: SqlDriver, table: string): Promise<string[]> {
  const sql =
    driver.dialect === 'sqlite'
      ? `SELECT "name" FROM "sqlite_master" WHERE "type" = 'index' AND "tbl_name" = '${table}' AND "name" NOT LIKE 'sqlite_%' ORDER BY 1`
      : `SELECT indexname AS "name" FROM pg_indexes WHERE schemaname = current_schema() AND tablename = '${table}' AND indexname NOT LIKE '%_pkey' ORDER BY 1`
  return (await select(driver, sql)).map((r) => String(r.name))
}
