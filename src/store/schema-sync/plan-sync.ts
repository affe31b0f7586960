import type { SqlDriver, SqlExecutor } from '../driver/driver.js'
import type { PhysicalSchema } from '../physical-schema.js'
import { addColumnChanges } from './column-changes.js'
import { addSystemTableSteps, tableOfSnapshot } from './create-schema.js'
import { hasSystemTables, readDatabaseState, recordSnapshotStep, type DatabaseState } from './database-state.js'
import { addEntityChanges } from './entity-changes.js'
import { addIndexChanges } from './index-changes.js'
import { addJunctionChanges } from './junction-changes.js'
import { matchSchema } from './match-schema.js'
import { addStep, createDraft, orderedSteps, type Check, type PlanDraft } from './plan-draft.js'
import { addReferenceChanges } from './reference-changes.js'
import { buildTargetSchema, sameSchema, type SchemaSnapshot, type TargetSchema } from './schema-snapshot.js'
import { addCreateEntitySteps } from './snapshot-ddl.js'
import { addJunctionRebuild, addTableRebuild, junctionsToRebuild, needsRebuild } from './sqlite-rebuild.js'
import type { SyncContext } from './sync-context.js'
import type { BlockedItem, DataLossItem, SyncApp, SyncPlan } from './sync-plan.js'

/**
 * Plans the statements that bring the database in step with the model: reads the snapshot
 * recorded by the last sync (none: the whole schema is created), pairs it with the model's
 * (renames by `renamedFrom`), and counts with `SELECT count(*)` what each change would
 * cost. Changes nothing. Pass the `AppModel` as `app`: its enumerations let sync notice a
 * removed Enum value that rows still hold.
 */
export async function planSync(db: SqlDriver, physical: PhysicalSchema, app: SyncApp): Promise<SyncPlan> {
  return planTarget(db, buildTargetSchema(physical, app), { name: app.name, version: app.version })
}

/** `planSync` for an already built target; `applySync` re-plans with it inside its transaction. */
export async function planTarget(db: SqlExecutor, target: TargetSchema, app: { name: string; version: string }): Promise<SyncPlan> {
  const state = await readDatabaseState(db)
  const draft = createDraft(db.dialect)
  const old = state.synced?.snapshot
  if (old === undefined) addFreshSchema(draft, state, target.snapshot)
  else addSchemaChanges(draft, state, old, target)
  const altersSchema = draft.steps.length > 0
  if (altersSchema || (old !== undefined && !sameSchema(old, target.snapshot))) {
    if (altersSchema && db.dialect === 'sqlite') {
      addStep(draft, 'prepare', { sql: 'PRAGMA defer_foreign_keys = ON', description: 'check foreign keys at commit, once every table has its final shape' })
    }
    draft.steps.push({ phase: 'record', step: recordSnapshotStep(target.snapshot, app, db.dialect) })
  }
  const counted = await runChecks(db, draft.checks)
  return {
    dialect: db.dialect,
    app: { name: app.name, version: app.version },
    fresh: old === undefined,
    basedOn: state.synced?.id,
    statements: orderedSteps(draft),
    dataLoss: counted.dataLoss,
    blocked: [...draft.blocked, ...counted.blocked],
    target,
    snapshot: target.snapshot,
  }
}

function addFreshSchema(draft: PlanDraft, state: DatabaseState, snapshot: SchemaSnapshot): void {
  addSystemTableSteps(draft)
  for (const e of snapshot.entities) {
    for (const table of [e.table, ...e.junctions.map((j) => j.table)]) {
      if (!state.relations.has(table)) continue
      draft.blocked.push({
        table,
        rows: 0,
        message: `table ${table} (for ${e.name}) already exists, but no model was ever synced to this database; Portico does not take over tables it did not create: use an empty database or schema, or drop the table`,
      })
    }
  }
  addCreateEntitySteps(draft, snapshot.entities, tableOfSnapshot(snapshot))
}

function addSchemaChanges(draft: PlanDraft, state: DatabaseState, old: SchemaSnapshot, target: TargetSchema): void {
  const match = matchSchema(old, target.snapshot, target.renames)
  const sqlite = draft.dialect === 'sqlite'
  const rebuilt = new Set<string>()
  for (const m of sqlite ? match.tables : []) {
    if (needsRebuild(m)) rebuilt.add(m.new.table)
    for (const p of junctionsToRebuild(m)) rebuilt.add(p.new.table)
  }
  const oldTables = new Set(old.entities.flatMap((e) => [e.table, ...e.junctions.map((j) => j.table)]))
  const ctx: SyncContext = { draft, state, match, tableOf: tableOfSnapshot(target.snapshot), rebuilt, oldTables }
  if (!hasSystemTables(state)) addSystemTableSteps(draft)
  addEntityChanges(ctx)
  for (const m of match.tables) {
    addColumnChanges(ctx, m)
    addReferenceChanges(ctx, m)
    addJunctionChanges(ctx, m)
    if (rebuilt.has(m.new.table)) addTableRebuild(ctx, m)
    for (const p of sqlite ? junctionsToRebuild(m) : []) addJunctionRebuild(ctx, m.new.table, p.new)
  }
  addIndexChanges(ctx)
}

async function runChecks(db: SqlExecutor, checks: readonly Check[]): Promise<{ dataLoss: DataLossItem[]; blocked: BlockedItem[] }> {
  const dataLoss: DataLossItem[] = []
  const blocked: BlockedItem[] = []
  for (const check of checks) {
    const { rows } = await db.execute(check.sql)
    const n = Number(rows[0]?.n ?? 0)
    if (n === 0) continue
    const where = { table: check.table, ...(check.column === undefined ? {} : { column: check.column }), rows: n, message: check.message(n) }
    if (check.outcome === 'dataLoss') dataLoss.push({ ...where, loss: check.loss })
    else blocked.push(where)
  }
  return { dataLoss, blocked }
}
