import { quoteIdent } from '../ddl.js'
import { addStep, countSql } from './plan-draft.js'
import type { EntitySnapshot } from './schema-snapshot.js'
import { addCreateEntitySteps } from './snapshot-ddl.js'
import { blockTakenName, dropJunction } from './junction-changes.js'
import { plural, type SyncContext } from './sync-context.js'

/**
 * Whole tables: entities new to the model are created, entities gone from it are dropped
 * (their rows counted as data loss), and renamed entities have their table renamed so
 * the rows stay where they are.
 */
export function addEntityChanges(ctx: SyncContext): void {
  for (const e of ctx.match.created) {
    blockTakenName(ctx, e.table, `entity ${e.name}`)
    for (const j of e.junctions) blockTakenName(ctx, j.table, `reference set ${e.name}.${j.association}`)
  }
  addCreateEntitySteps(ctx.draft, ctx.match.created, ctx.tableOf)
  for (const m of ctx.match.tables) {
    if (m.old.table === m.new.table) continue
    blockTakenName(ctx, m.new.table, `entity ${m.new.name}`)
    addStep(ctx.draft, 'renameTables', {
      sql: `ALTER TABLE ${quoteIdent(m.old.table)} RENAME TO ${quoteIdent(m.new.table)}`,
      description: `rename table ${m.old.table} to ${m.new.table} (entity ${m.new.name}${m.old.name === m.new.name ? '' : `, was ${m.old.name}`}; rows kept)`,
    })
  }
  dropEntities(ctx)
}

function dropEntities(ctx: SyncContext): void {
  const { order, cyclic } = dropOrder(ctx.match.dropped)
  for (const e of order) {
    for (const j of e.junctions) dropJunction(ctx, e, j)
    ctx.draft.checks.push({
      sql: countSql(e.table),
      outcome: 'dataLoss',
      table: e.table,
      loss: 'rows',
      message: (n) => `dropping entity ${e.name} (table ${e.table}) loses its ${plural(n, 'row')}`,
    })
  }
  if (cyclic && ctx.draft.dialect === 'postgres') {
    addStep(ctx.draft, 'dropTables', {
      sql: `DROP TABLE ${order.map((e) => quoteIdent(e.table)).join(', ')}`,
      description: `drop tables ${order.map((e) => e.table).join(', ')} (entities no longer in the model that refer to each other)`,
      destructive: true,
    })
    return
  }
  for (const e of order) {
    addStep(ctx.draft, 'dropTables', {
      sql: `DROP TABLE ${quoteIdent(e.table)}`,
      description: `drop table ${e.table} (entity ${e.name} is no longer in the model)`,
      destructive: true,
    })
  }
}

/**
 * Dropped entities ordered so a table goes before the tables it refers to, which keeps
 * PostgreSQL's foreign keys satisfied; `cyclic` when tables refer to each other in a ring.
 */
function dropOrder(dropped: readonly EntitySnapshot[]): { order: EntitySnapshot[]; cyclic: boolean } {
  const remaining = new Set(dropped)
  const order: EntitySnapshot[] = []
  const referencedByOthers = (e: EntitySnapshot): boolean =>
    [...remaining].some((o) => o !== e && o.references.some((r) => r.target === e.name))
  while (remaining.size > 0) {
    const free = [...remaining].filter((e) => !referencedByOthers(e))
    if (free.length === 0) return { order: [...order, ...remaining], cyclic: true }
    for (const e of free) {
      order.push(e)
      remaining.delete(e)
    }
  }
  return { order, cyclic: false }
}
