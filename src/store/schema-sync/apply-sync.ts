import type { ErrorDetail } from '../../errors/index.js'
import type { SqlDriver, SqlExecutor } from '../driver/driver.js'
import { storeErrors } from '../errors.js'
import { planTarget } from './plan-sync.js'
import type { ApplyOptions, PlannedStep, SyncPlan, SyncResult } from './sync-plan.js'

/**
 * Applies a plan in one transaction, the snapshot record included, so a failure at any
 * statement leaves schema, data and record as they were. Inside the transaction the plan
 * is made again: if the database moved on since (another sync, new rows in a column being
 * dropped) the plan is refused rather than applied to a database it was not made for.
 * Blocked items always refuse; data loss refuses unless `acceptDataLoss`.
 */
export async function applySync(driver: SqlDriver, plan: SyncPlan, options: ApplyOptions = {}): Promise<SyncResult> {
  if (plan.statements.length === 0) return { applied: 0, statements: [], dataLoss: [] }
  refuse(plan, options)
  return driver.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.execute(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.portico_schema'))`)
    const current = await planTarget(tx, plan.target, plan.app)
    if (current.basedOn !== plan.basedOn || !sameSteps(current.statements, plan.statements)) {
      throw storeErrors.create('STORE_SYNC_FAILED', 'the database changed since this plan was made (another sync ran, or its schema was changed); plan again. Nothing was changed')
    }
    refuse(current, options)
    await runSteps(tx, current.statements, options)
    if (tx.dialect === 'sqlite') await checkForeignKeys(tx)
    return { applied: current.statements.length, statements: current.statements, dataLoss: current.dataLoss }
  })
}

function sameSteps(a: readonly PlannedStep[], b: readonly PlannedStep[]): boolean {
  return a.length === b.length && a.every((s, i) => s.sql === b[i]?.sql && JSON.stringify(s.params) === JSON.stringify(b[i]?.params))
}

function refuse(plan: SyncPlan, options: ApplyOptions): void {
  if (plan.blocked.length > 0) {
    throw storeErrors.create('STORE_SYNC_BLOCKED', `the schema cannot be synced as the model stands:\n${plan.blocked.map((b) => `  - ${b.message}`).join('\n')}`, {
      details: plan.blocked.map((b) => detail('STORE_SYNC_BLOCKED', b.table, b.column, 'blocked', b.message)),
    })
  }
  if (plan.dataLoss.length > 0 && options.acceptDataLoss !== true) {
    throw storeErrors.create(
      'STORE_DATA_LOSS_REFUSED',
      `the schema change would lose data; nothing was changed. Run it again with --accept-data-loss to accept:\n${plan.dataLoss.map((d) => `  - ${d.message}`).join('\n')}`,
      { details: plan.dataLoss.map((d) => detail('STORE_DATA_LOSS_REFUSED', d.table, d.column, 'dataLoss', d.message)) },
    )
  }
}

function detail(code: string, table: string, column: string | undefined, rule: string, message: string): ErrorDetail {
  return { code, path: column === undefined ? table : `${table}.${column}`, rule, message }
}

async function runSteps(tx: SqlExecutor, steps: readonly PlannedStep[], options: ApplyOptions): Promise<void> {
  for (const [i, step] of steps.entries()) {
    try {
      await tx.execute(step.sql, step.params ?? [])
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error)
      throw storeErrors.create('STORE_SYNC_FAILED', `step ${i + 1} of ${steps.length} failed (${step.description}): ${why}. Nothing was changed`, { cause: error })
    }
    options.onProgress?.({ done: i + 1, total: steps.length, statement: step.sql, description: step.description })
  }
}

/** SQLite checked foreign keys only at commit; name the broken ones before committing. */
async function checkForeignKeys(tx: SqlExecutor): Promise<void> {
  const { rows } = await tx.execute('PRAGMA foreign_key_check')
  if (rows.length === 0) return
  const sample = rows.slice(0, 5).map((r) => `${String(r.table)} row ${String(r.rowid)} → ${String(r.parent)}`)
  throw storeErrors.create('STORE_SYNC_FAILED', `the synced schema has ${rows.length} broken references (${sample.join(', ')}); nothing was changed`)
}
