import type { Dialect, SqlExecutor } from '../driver/driver.js'
import { storeErrors } from '../errors.js'
import { SYSTEM_TABLES } from '../system-tables.js'
import type { SchemaSnapshot } from './schema-snapshot.js'
import type { PlannedStep } from './sync-plan.js'

/** What planning needs to know about the database beyond the recorded snapshot. */
export interface DatabaseState {
  /** The latest recorded snapshot and its row id; absent in a database never synced. */
  readonly synced?: { readonly id: number; readonly snapshot: SchemaSnapshot }
  /** Names of every table, index, view and sequence, to avoid taking a name someone else uses. */
  readonly relations: ReadonlySet<string>
  /**
   * Foreign key constraint names by `table.column` (PostgreSQL): constraints are dropped and
   * renamed by the name the database really has.
   */
  readonly foreignKeys: ReadonlyMap<string, string>
}

const SNAPSHOT_TABLE = 'portico_schema'

/** Reads the synced snapshot, the names in use and the foreign key names. */
export async function readDatabaseState(db: SqlExecutor): Promise<DatabaseState> {
  const relations = await relationNames(db)
  const foreignKeys = db.dialect === 'postgres' ? await postgresForeignKeys(db) : new Map<string, string>()
  const synced = relations.has(SNAPSHOT_TABLE) ? await latestSnapshot(db) : undefined
  return { ...(synced ? { synced } : {}), relations, foreignKeys }
}

/** The latest recorded snapshot alone: what a readiness probe needs, in two small queries. */
export async function readSyncedSnapshot(db: SqlExecutor): Promise<DatabaseState['synced']> {
  const sql =
    db.dialect === 'sqlite'
      ? `SELECT count(*) AS "n" FROM "sqlite_master" WHERE "type" = 'table' AND "name" = '${SNAPSHOT_TABLE}'`
      : `SELECT count(*) AS "n" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relname = '${SNAPSHOT_TABLE}'`
  const { rows } = await db.execute(sql)
  return Number(rows[0]?.n) > 0 ? latestSnapshot(db) : undefined
}

async function latestSnapshot(db: SqlExecutor): Promise<DatabaseState['synced']> {
  const { rows } = await db.execute(`SELECT "id", "snapshot" FROM "${SNAPSHOT_TABLE}" ORDER BY "id" DESC LIMIT 1`)
  const row = rows[0]
  return row === undefined ? undefined : { id: Number(row.id), snapshot: parseSnapshot(String(row.snapshot)) }
}

/** True when every table the runtime keeps beside the app's exists. */
export function hasSystemTables(state: DatabaseState): boolean {
  return SYSTEM_TABLES.every((t) => state.relations.has(t))
}

async function relationNames(db: SqlExecutor): Promise<Set<string>> {
  const sql =
    db.dialect === 'sqlite'
      ? `SELECT "name" FROM "sqlite_master"`
      : `SELECT c.relname AS "name" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()`
  const { rows } = await db.execute(sql)
  return new Set(rows.map((r) => String(r.name)))
}

async function postgresForeignKeys(db: SqlExecutor): Promise<Map<string, string>> {
  const { rows } = await db.execute(
    `SELECT t.relname AS "table", a.attname AS "column", c.conname AS "name"
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'f' AND n.nspname = current_schema() AND cardinality(c.conkey) = 1`,
  )
  return new Map(rows.map((r) => [`${String(r.table)}.${String(r.column)}`, String(r.name)]))
}

function parseSnapshot(text: string): SchemaSnapshot {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw storeErrors.create('STORE_SYNC_FAILED', `the snapshot recorded in ${SNAPSHOT_TABLE} is not valid JSON`, { cause: error })
  }
  const format = (parsed as { format?: unknown } | null)?.format
  if (format !== 1 || !Array.isArray((parsed as { entities?: unknown }).entities)) {
    throw storeErrors.create(
      'STORE_SYNC_FAILED',
      `the snapshot recorded in ${SNAPSHOT_TABLE} has format ${String(format)}, which this version of Portico does not read`,
    )
  }
  return parsed as SchemaSnapshot
}

/**
 * The last step of every sync: records the snapshot just reached, in the same transaction,
 * so the database and its record of the model never disagree. Rows are kept as a history.
 */
export function recordSnapshotStep(snapshot: SchemaSnapshot, app: { name: string; version: string }, dialect: Dialect): PlannedStep {
  const now = dialect === 'sqlite' ? `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')` : 'now()'
  const p = dialect === 'sqlite' ? ['?', '?', '?'] : ['$1', '$2', '$3']
  return {
    sql: `INSERT INTO "${SNAPSHOT_TABLE}" ("app", "app_version", "snapshot", "synced_at") VALUES (${p.join(', ')}, ${now})`,
    params: [app.name, app.version, JSON.stringify(snapshot)],
    description: `record the synced model of ${app.name} ${app.version} in ${SNAPSHOT_TABLE}`,
    destructive: false,
  }
}
