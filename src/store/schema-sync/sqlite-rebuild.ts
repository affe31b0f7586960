import { columnType, onDeleteAction, quoteIdent } from '../ddl.js'
import { conversionOf } from './column-changes.js'
import type { Pair, TableMatch } from './match-schema.js'
import { addStep } from './plan-draft.js'
import type { ColumnSnapshot, JunctionSnapshot } from './schema-snapshot.js'
import { createJunctionSql, createTableSql, fallbackLiteral, junctionTargetAction, typeOf } from './snapshot-ddl.js'
import type { SyncContext } from './sync-context.js'

/**
 * SQLite's ALTER TABLE cannot change a column's type, NOT NULL or default, nor a foreign
 * key, nor add a NOT NULL column without a default: such tables are rebuilt, the way the
 * SQLite documentation describes, inside the sync's transaction.
 *
 * `PRAGMA foreign_keys` cannot be switched off inside a transaction, and with it on,
 * `DROP TABLE` deletes the rows first, which fires ON DELETE CASCADE / SET NULL in the
 * tables that refer to the dropped one. So before the old table is dropped its ids are
 * negated: no row refers to them any more, the drop fires nothing, and the references are
 * whole again once the rows are copied back with their ids (foreign keys are deferred to
 * the commit by `PRAGMA defer_foreign_keys`, and checked with `PRAGMA foreign_key_check`).
 */
export function needsRebuild(m: TableMatch): boolean {
  const columnChanged = m.columns.matched.some(
    (p) =>
      columnType(typeOf(p.old), 'sqlite') !== columnType(typeOf(p.new), 'sqlite') ||
      p.old.required !== p.new.required ||
      JSON.stringify(p.old.default) !== JSON.stringify(p.new.default),
  )
  const referenceChanged = m.references.matched.some(
    (p) => p.old.required !== p.new.required || onDeleteAction(p.old.onDelete) !== onDeleteAction(p.new.onDelete),
  )
  const addsNotNull = m.columns.added.some((c) => c.required && c.default === undefined) || m.references.added.some((r) => r.required)
  return columnChanged || referenceChanged || addsNotNull
}

/** Junctions whose target foreign key changes its delete action. */
export function junctionsToRebuild(m: TableMatch): Pair<JunctionSnapshot>[] {
  return m.junctions.matched.filter((p) => junctionTargetAction(p.old) !== junctionTargetAction(p.new))
}

/** Rebuilds a table under its new definition; runs after its columns were dropped and renamed. */
export function addTableRebuild(ctx: SyncContext, m: TableMatch): void {
  const t = m.new.table
  const keep = `${t}__sync`
  const copied = [
    ...m.columns.matched.map((p) => ({ column: p.new.column, value: copyExpression(ctx, p) })),
    ...m.references.matched.map((p) => ({ column: p.new.column, value: quoteIdent(p.new.column) })),
  ]
  const lossy = m.columns.matched.some((p) => conversionOf(ctx, p)?.lost)
  const step = (sql: string, description: string, destructive = false): void => addStep(ctx.draft, 'alterTables', { sql, description, destructive })
  step(`CREATE TABLE ${quoteIdent(keep)} AS SELECT * FROM ${quoteIdent(t)}`, `rebuild ${t}: keep its rows in ${keep}`)
  step(`UPDATE "sqlite_sequence" SET "name" = ${text(keep)} WHERE "name" = ${text(t)}`, `rebuild ${t}: keep its id sequence`)
  step(`UPDATE ${quoteIdent(t)} SET "id" = -"id"`, `rebuild ${t}: detach its rows from the rows that refer to them, so dropping it fires no ON DELETE action`)
  step(`DROP TABLE ${quoteIdent(t)}`, `rebuild ${t}: drop the old definition`)
  step(createTableSql(m.new, 'sqlite', ctx.tableOf), `rebuild ${t}: create it with the new definition`)
  step(
    `INSERT INTO ${quoteIdent(t)} (${copied.map((c) => quoteIdent(c.column)).join(', ')}) SELECT ${copied.map((c) => c.value).join(', ')} FROM ${quoteIdent(keep)}`,
    `rebuild ${t}: copy the rows back, with their ids${lossy ? ', converting changed columns' : ''}`,
    lossy,
  )
  step(`DELETE FROM "sqlite_sequence" WHERE "name" = ${text(t)}`, `rebuild ${t}: drop the sequence the copy started`)
  step(`UPDATE "sqlite_sequence" SET "name" = ${text(t)} WHERE "name" = ${text(keep)}`, `rebuild ${t}: restore its id sequence`)
  step(`DROP TABLE ${quoteIdent(keep)}`, `rebuild ${t}: drop the copy`)
}

/** The value a rebuilt column takes: converted to its new type, NULLs filled with a new default. */
function copyExpression(ctx: SyncContext, p: Pair<ColumnSnapshot>): string {
  const col = quoteIdent(p.new.column)
  const conv = conversionOf(ctx, p)
  const value = conv ? conv.convert(col, fallbackLiteral(p.new, 'sqlite')) : col
  const fill = p.new.required && !p.old.required && p.new.default !== undefined
  return fill ? `coalesce(${value}, ${fallbackLiteral(p.new, 'sqlite')})` : value
}

/** Rebuilds a junction table; nothing refers to a junction, so a plain copy is enough. */
export function addJunctionRebuild(ctx: SyncContext, ownerTable: string, j: JunctionSnapshot): void {
  const keep = `${j.table}__sync`
  const cols = `${quoteIdent(j.ownerColumn)}, ${quoteIdent(j.targetColumn)}`
  const step = (sql: string, description: string): void => addStep(ctx.draft, 'alterTables', { sql, description })
  step(`CREATE TABLE ${quoteIdent(keep)} AS SELECT * FROM ${quoteIdent(j.table)}`, `rebuild ${j.table}: keep its links in ${keep}`)
  step(`DROP TABLE ${quoteIdent(j.table)}`, `rebuild ${j.table}: drop the old definition`)
  step(createJunctionSql(j, 'sqlite', ownerTable, ctx.tableOf(j.target)), `rebuild ${j.table}: create it with ON DELETE ${junctionTargetAction(j)}`)
  step(`INSERT INTO ${quoteIdent(j.table)} (${cols}) SELECT ${cols} FROM ${quoteIdent(keep)}`, `rebuild ${j.table}: copy the links back`)
  step(`DROP TABLE ${quoteIdent(keep)}`, `rebuild ${j.table}: drop the copy`)
}

function text(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}
