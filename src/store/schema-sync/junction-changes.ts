import { quoteIdent } from '../ddl.js'
import type { Pair, TableMatch } from './match-schema.js'
import { addStep, countSql } from './plan-draft.js'
import type { EntitySnapshot, JunctionSnapshot } from './schema-snapshot.js'
import { addCreateJunctionStep, foreignKeyName, junctionTargetAction } from './snapshot-ddl.js'
import { memberLabel, plural, takenByOthers, type SyncContext } from './sync-context.js'

/**
 * Junction tables of reference sets on a surviving entity. A junction follows its owner's
 * and its association's renames; a changed delete behaviour re-creates the target's
 * foreign key (PostgreSQL) or rebuilds the junction (SQLite, see `sqlite-rebuild.ts`).
 */
export function addJunctionChanges(ctx: SyncContext, m: TableMatch): void {
  for (const j of m.junctions.dropped) dropJunction(ctx, m.old, j)
  for (const j of m.junctions.added) {
    blockTakenName(ctx, j.table, `reference set ${memberLabel(m.new.name, j.association)}`)
    addCreateJunctionStep(ctx.draft, m.new, j, ctx.tableOf)
  }
  for (const p of m.junctions.matched) changeJunction(ctx, m, p)
}

/** Drops a junction table; its links are data, so a non-empty one is data loss. */
export function dropJunction(ctx: SyncContext, owner: EntitySnapshot, j: JunctionSnapshot): void {
  const label = memberLabel(owner.name, j.association)
  ctx.draft.checks.push({
    sql: countSql(j.table),
    outcome: 'dataLoss',
    table: j.table,
    loss: 'links',
    message: (n) => `dropping reference set ${label} (junction table ${j.table}) loses ${plural(n, 'link')}`,
  })
  addStep(ctx.draft, 'dropJunctions', {
    sql: `DROP TABLE ${quoteIdent(j.table)}`,
    description: `drop junction table ${j.table} (${label} is no longer in the model)`,
    destructive: true,
  })
}

/** Refuses to create or rename a table onto a name some other table already has. */
export function blockTakenName(ctx: SyncContext, table: string, what: string): void {
  if (!takenByOthers(ctx, table)) return
  ctx.draft.blocked.push({
    table,
    rows: 0,
    message: `table ${table} for ${what} already exists and was not created by Portico; rename or drop it, or rename the element in the model`,
  })
}

function changeJunction(ctx: SyncContext, m: TableMatch, p: Pair<JunctionSnapshot>): void {
  const label = memberLabel(m.new.name, p.new.association)
  if (p.old.table !== p.new.table) {
    blockTakenName(ctx, p.new.table, `reference set ${label}`)
    addStep(ctx.draft, 'renameTables', {
      sql: `ALTER TABLE ${quoteIdent(p.old.table)} RENAME TO ${quoteIdent(p.new.table)}`,
      description: `rename junction table ${p.old.table} to ${p.new.table} (${label}, links kept)`,
    })
  }
  if (ctx.draft.dialect !== 'postgres' || junctionTargetAction(p.old) === junctionTargetAction(p.new)) return
  const actual = ctx.state.foreignKeys.get(`${p.old.table}.${p.old.targetColumn}`)
  if (actual !== undefined) {
    addStep(ctx.draft, 'dropConstraints', {
      sql: `ALTER TABLE ${quoteIdent(p.old.table)} DROP CONSTRAINT ${quoteIdent(actual)}`,
      description: `drop foreign key ${actual} to re-create it with ON DELETE ${junctionTargetAction(p.new)}`,
    })
  }
  const target = ctx.tableOf(p.new.target)
  addStep(ctx.draft, 'addForeignKeys', {
    sql: `ALTER TABLE ${quoteIdent(p.new.table)} ADD CONSTRAINT ${quoteIdent(foreignKeyName(p.new.table, p.new.targetColumn))} FOREIGN KEY (${quoteIdent(p.new.targetColumn)}) REFERENCES ${quoteIdent(target)}(${quoteIdent('id')}) ON DELETE ${junctionTargetAction(p.new)}`,
    description: `add foreign key ${p.new.table}.${p.new.targetColumn} → ${target} (ON DELETE ${junctionTargetAction(p.new)}) for ${label}`,
  })
}
