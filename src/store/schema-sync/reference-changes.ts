import { onDeleteAction, quoteIdent } from '../ddl.js'
import type { Pair, TableMatch } from './match-schema.js'
import { addStep, countSql } from './plan-draft.js'
import type { ReferenceSnapshot } from './schema-snapshot.js'
import { foreignKeyName, foreignKeySql, referenceColumnSql } from './snapshot-ddl.js'
import { memberLabel, plural, type SyncContext } from './sync-context.js'

/**
 * Reference columns (many-to-one and one-to-one) of a surviving table. On PostgreSQL the
 * foreign key is a named constraint, dropped and added around an `onDelete` change and
 * renamed with its table or column; on SQLite it is part of the table, so a changed
 * reference rebuilds the table.
 */
export function addReferenceChanges(ctx: SyncContext, m: TableMatch): void {
  for (const r of m.references.dropped) dropReference(ctx, m, r)
  for (const p of m.references.matched) changeReference(ctx, m, p)
  for (const r of m.references.added) addReference(ctx, m, r)
}

function dropReference(ctx: SyncContext, m: TableMatch, r: ReferenceSnapshot): void {
  const col = quoteIdent(r.column)
  ctx.draft.checks.push({
    sql: countSql(m.old.table, `${col} IS NOT NULL`),
    outcome: 'dataLoss',
    table: m.old.table,
    column: r.column,
    loss: 'references',
    message: (n) => `dropping association ${memberLabel(m.old.name, r.association)} (column ${m.old.table}.${r.column}) loses the references of ${plural(n, 'row')}`,
  })
  addStep(ctx.draft, 'dropColumns', {
    sql: `ALTER TABLE ${quoteIdent(m.old.table)} DROP COLUMN ${col}`,
    description: `drop reference column ${m.old.table}.${r.column} (${memberLabel(m.old.name, r.association)} is no longer in the model)`,
    destructive: true,
  })
}

function changeReference(ctx: SyncContext, m: TableMatch, p: Pair<ReferenceSnapshot>): void {
  const table = quoteIdent(m.new.table)
  const label = memberLabel(m.new.name, p.new.association)
  if (p.old.column !== p.new.column) {
    addStep(ctx.draft, 'renameColumns', {
      sql: `ALTER TABLE ${table} RENAME COLUMN ${quoteIdent(p.old.column)} TO ${quoteIdent(p.new.column)}`,
      description: `rename reference column ${m.new.table}.${p.old.column} to ${p.new.column} (${label}, was ${p.old.association})`,
    })
  }
  if (p.new.required && !p.old.required) {
    ctx.draft.checks.push({
      sql: countSql(m.old.table, `${quoteIdent(p.old.column)} IS NULL`),
      outcome: 'blocked',
      table: m.new.table,
      column: p.new.column,
      loss: 'rows without a reference',
      message: (n) => `${m.new.table}.${p.new.column}: ${plural(n, 'row')} refer to nothing, so ${label} cannot become required. Set the reference on those rows first, or keep it optional`,
    })
  }
  if (ctx.draft.dialect === 'postgres') changePostgresReference(ctx, m, p)
}

function changePostgresReference(ctx: SyncContext, m: TableMatch, p: Pair<ReferenceSnapshot>): void {
  const table = quoteIdent(m.new.table)
  const col = quoteIdent(p.new.column)
  const actual = ctx.state.foreignKeys.get(`${m.old.table}.${p.old.column}`)
  const expected = foreignKeyName(m.new.table, p.new.column)
  if (onDeleteAction(p.old.onDelete) !== onDeleteAction(p.new.onDelete)) {
    if (actual !== undefined) {
      addStep(ctx.draft, 'dropConstraints', {
        sql: `ALTER TABLE ${quoteIdent(m.old.table)} DROP CONSTRAINT ${quoteIdent(actual)}`,
        description: `drop foreign key ${actual} to re-create it with ON DELETE ${onDeleteAction(p.new.onDelete)}`,
      })
    }
    addForeignKey(ctx, m, p.new)
  } else if (actual !== undefined && actual !== expected) {
    addStep(ctx.draft, 'renameConstraints', {
      sql: `ALTER TABLE ${table} RENAME CONSTRAINT ${quoteIdent(actual)} TO ${quoteIdent(expected)}`,
      description: `rename foreign key ${actual} to ${expected}`,
    })
  }
  if (p.new.required !== p.old.required) {
    addStep(ctx.draft, 'alterTables', {
      sql: `ALTER TABLE ${table} ALTER COLUMN ${col} ${p.new.required ? 'SET' : 'DROP'} NOT NULL`,
      description: `make ${memberLabel(m.new.name, p.new.association)} ${p.new.required ? 'required' : 'optional'} (${m.new.table}.${p.new.column})`,
    })
  }
}

function addReference(ctx: SyncContext, m: TableMatch, r: ReferenceSnapshot): void {
  const label = memberLabel(m.new.name, r.association)
  if (r.required) {
    ctx.draft.checks.push({
      sql: countSql(m.old.table),
      outcome: 'blocked',
      table: m.new.table,
      column: r.column,
      loss: 'rows',
      message: (n) =>
        `cannot add required association ${label} (column ${m.new.table}.${r.column}): table ${m.old.table} has ${plural(n, 'row')} that would refer to nothing. Add it as optional, set it on every row, then make it required`,
    })
  }
  const dialect = ctx.draft.dialect
  if (dialect === 'sqlite' && ctx.rebuilt.has(m.new.table)) return
  addStep(ctx.draft, 'alterTables', {
    sql: `ALTER TABLE ${quoteIdent(m.new.table)} ADD COLUMN ${referenceColumnSql(r, dialect, ctx.tableOf(r.target))}`,
    description: `add reference column ${m.new.table}.${r.column} for ${label} → ${r.target}`,
  })
  if (dialect === 'postgres') addForeignKey(ctx, m, r)
}

function addForeignKey(ctx: SyncContext, m: TableMatch, r: ReferenceSnapshot): void {
  const target = ctx.tableOf(r.target)
  addStep(ctx.draft, 'addForeignKeys', {
    sql: foreignKeySql(m.new.table, r.column, target, onDeleteAction(r.onDelete)),
    description: `add foreign key ${m.new.table}.${r.column} → ${target} (ON DELETE ${onDeleteAction(r.onDelete)}) for ${memberLabel(m.new.name, r.association)}`,
  })
}
