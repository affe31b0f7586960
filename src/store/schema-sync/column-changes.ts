import { columnType, quoteIdent } from '../ddl.js'
import type { Pair, TableMatch } from './match-schema.js'
import { addStep, countSql } from './plan-draft.js'
import type { ColumnSnapshot } from './schema-snapshot.js'
import { columnSql, defaultClause, fallbackLiteral, typeOf } from './snapshot-ddl.js'
import { fallbackText, memberLabel, plural, type SyncContext } from './sync-context.js'
import { typeConversion, type TypeConversion } from './type-conversion.js'

/** The conversion a matched column needs, if its type or enum values changed. */
export function conversionOf(ctx: SyncContext, p: Pair<ColumnSnapshot>): TypeConversion | undefined {
  return typeConversion({ type: typeOf(p.old), enumValues: p.old.enumValues }, { type: typeOf(p.new), enumValues: p.new.enumValues }, ctx.draft.dialect)
}

/**
 * Attribute columns of a surviving table: renamed, dropped, added and altered, with the
 * checks that count what each change would cost. SQLite tables that need a rebuild get
 * their alterations from the rebuild instead (see `sqlite-rebuild.ts`).
 */
export function addColumnChanges(ctx: SyncContext, m: TableMatch): void {
  const rebuilt = ctx.rebuilt.has(m.new.table)
  for (const c of m.columns.dropped) dropColumn(ctx, m, c)
  for (const p of m.columns.matched) {
    if (p.old.column !== p.new.column) {
      addStep(ctx.draft, 'renameColumns', {
        sql: `ALTER TABLE ${quoteIdent(m.new.table)} RENAME COLUMN ${quoteIdent(p.old.column)} TO ${quoteIdent(p.new.column)}`,
        description: `rename column ${m.new.table}.${p.old.column} to ${p.new.column} (${m.new.name}.${p.new.attribute}, was ${p.old.attribute})`,
      })
    }
    checkColumnChange(ctx, m, p)
    if (!rebuilt) alterColumn(ctx, m, p)
  }
  for (const c of m.columns.added) {
    if (c.required && c.default === undefined) {
      ctx.draft.checks.push({
        sql: countSql(m.old.table),
        outcome: 'blocked',
        table: m.new.table,
        column: c.column,
        loss: 'rows',
        message: (n) =>
          `cannot add required attribute ${memberLabel(m.new.name, c.attribute)} (column ${m.new.table}.${c.column}): table ${m.old.table} has ${plural(n, 'row')} and the attribute has no default. Give it a default in the model, or add it as optional, fill it, then make it required`,
      })
    }
    if (!rebuilt) {
      addStep(ctx.draft, 'alterTables', {
        sql: `ALTER TABLE ${quoteIdent(m.new.table)} ADD COLUMN ${columnSql(c, ctx.draft.dialect)}`,
        description: `add column ${m.new.table}.${c.column} for ${memberLabel(m.new.name, c.attribute)}${c.default === undefined ? '' : ` (existing rows get ${JSON.stringify(c.default)})`}`,
      })
    }
  }
}

function dropColumn(ctx: SyncContext, m: TableMatch, c: ColumnSnapshot): void {
  const col = quoteIdent(c.column)
  ctx.draft.checks.push({
    sql: countSql(m.old.table, `${col} IS NOT NULL`),
    outcome: 'dataLoss',
    table: m.old.table,
    column: c.column,
    loss: 'values',
    message: (n) => `dropping ${memberLabel(m.old.name, c.attribute)} (column ${m.old.table}.${c.column}) loses the values of ${plural(n, 'row')}`,
  })
  addStep(ctx.draft, 'dropColumns', {
    sql: `ALTER TABLE ${quoteIdent(m.old.table)} DROP COLUMN ${col}`,
    description: `drop column ${m.old.table}.${c.column} (${memberLabel(m.old.name, c.attribute)} is no longer in the model)`,
    destructive: true,
  })
}

/** Counts the values a type change would lose and the NULLs a new NOT NULL would meet. */
function checkColumnChange(ctx: SyncContext, m: TableMatch, p: Pair<ColumnSnapshot>): void {
  const col = quoteIdent(p.old.column)
  const where = `${m.new.table}.${p.new.column}`
  const label = memberLabel(m.new.name, p.new.attribute)
  const conv = conversionOf(ctx, p)
  if (conv?.lost) {
    const fb = fallbackText(p.new)
    ctx.draft.checks.push({
      sql: countSql(m.old.table, `${col} IS NOT NULL AND (${conv.lost(col)})`),
      outcome: 'dataLoss',
      table: m.new.table,
      column: p.new.column,
      loss: conv.problem,
      message: (n) => `${where} (${label}, ${p.old.type} → ${p.new.type}): ${holding(n)} ${conv.problem}; ${conv.effect(fb)}`,
    })
  }
  const replaced = conv?.replaced
  if (replaced && p.new.required && p.new.default === undefined) {
    ctx.draft.checks.push({
      sql: countSql(m.old.table, `${col} IS NOT NULL AND (${replaced(col)})`),
      outcome: 'blocked',
      table: m.new.table,
      column: p.new.column,
      loss: conv.problem,
      message: (n) =>
        `${where} (${label}, ${p.old.type} → ${p.new.type}): ${holding(n)} ${conv.problem}, and the attribute is required without a default, so they cannot be replaced. Give ${label} a default in the model, or fix those values first`,
    })
  }
  if (p.new.required && !p.old.required && p.new.default === undefined) checkNoNulls(ctx, m, p)
}

function checkNoNulls(ctx: SyncContext, m: TableMatch, p: Pair<ColumnSnapshot>): void {
  const label = memberLabel(m.new.name, p.new.attribute)
  ctx.draft.checks.push({
    sql: countSql(m.old.table, `${quoteIdent(p.old.column)} IS NULL`),
    outcome: 'blocked',
    table: m.new.table,
    column: p.new.column,
    loss: 'rows without a value',
    message: (n) =>
      `${m.new.table}.${p.new.column}: ${plural(n, 'row')} ${n === 1 ? 'has' : 'have'} no value, so ${label} cannot become required. Give it a default in the model (the empty rows get it), or fill those rows first`,
  })
}

/** ALTER statements for a matched column on PostgreSQL, or the value rewrite on SQLite. */
function alterColumn(ctx: SyncContext, m: TableMatch, p: Pair<ColumnSnapshot>): void {
  const conv = conversionOf(ctx, p)
  if (ctx.draft.dialect === 'sqlite') {
    if (conv && (conv.lost || conv.rewritesAll)) rewriteValues(ctx, m, p, conv)
    return
  }
  const where = `${m.new.table}.${p.new.column}`
  const col = quoteIdent(p.new.column)
  const alter = (clause: string, description: string, options: { destructive?: boolean } = {}): void =>
    addStep(ctx.draft, 'alterTables', { sql: `ALTER TABLE ${quoteIdent(m.new.table)} ALTER COLUMN ${col} ${clause}`, description, ...options })
  const typeChanged = columnType(typeOf(p.old), 'postgres') !== columnType(typeOf(p.new), 'postgres')
  const defaultChanged = JSON.stringify(p.old.default) !== JSON.stringify(p.new.default)
  const dropDefaultFirst = typeChanged && p.old.default !== undefined
  if (dropDefaultFirst) alter('DROP DEFAULT', `drop the default of ${where} while its type changes`)
  if (typeChanged) {
    const using = conv ? conv.convert(col, fallbackLiteral(p.new, 'postgres')) : col
    alter(`TYPE ${columnType(typeOf(p.new), 'postgres')} USING ${using}`, `change the type of ${where} from ${p.old.type} to ${p.new.type}`, {
      destructive: conv?.lost !== undefined,
    })
  } else if (conv?.lost) {
    rewriteValues(ctx, m, p, conv)
  }
  if (p.new.default !== undefined && (defaultChanged || dropDefaultFirst)) alter(`SET${defaultClause(p.new, 'postgres')}`, `set the default of ${where}`)
  if (p.new.default === undefined && defaultChanged && !dropDefaultFirst) alter('DROP DEFAULT', `drop the default of ${where}`)
  if (p.new.required && !p.old.required) {
    if (p.new.default !== undefined) fillNulls(ctx, m, p)
    alter('SET NOT NULL', `make ${where} required`)
  }
  if (!p.new.required && p.old.required) alter('DROP NOT NULL', `make ${where} optional`)
}

function rewriteValues(ctx: SyncContext, m: TableMatch, p: Pair<ColumnSnapshot>, conv: TypeConversion): void {
  const col = quoteIdent(p.new.column)
  const where = conv.rewritesAll || !conv.lost ? `${col} IS NOT NULL` : `${col} IS NOT NULL AND (${conv.lost(col)})`
  addStep(ctx.draft, 'alterTables', {
    sql: `UPDATE ${quoteIdent(m.new.table)} SET ${col} = ${conv.convert(col, fallbackLiteral(p.new, ctx.draft.dialect))} WHERE ${where}`,
    description: `convert values of ${m.new.table}.${p.new.column} to ${p.new.type}${conv.lost ? ` (${conv.problem}: ${conv.effect(fallbackText(p.new))})` : ''}`,
    destructive: conv.lost !== undefined,
  })
}

function fillNulls(ctx: SyncContext, m: TableMatch, p: Pair<ColumnSnapshot>): void {
  const col = quoteIdent(p.new.column)
  addStep(ctx.draft, 'alterTables', {
    sql: `UPDATE ${quoteIdent(m.new.table)} SET ${col} = ${fallbackLiteral(p.new, ctx.draft.dialect)} WHERE ${col} IS NULL`,
    description: `fill empty ${m.new.table}.${p.new.column} with the default ${JSON.stringify(p.new.default)}`,
  })
}

function holding(n: number): string {
  return `${plural(n, 'row')} ${n === 1 ? 'holds' : 'hold'}`
}
