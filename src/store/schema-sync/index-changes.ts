import { quoteIdent } from '../ddl.js'
import type { TableMatch } from './match-schema.js'
import { addStep } from './plan-draft.js'
import type { IndexSnapshot } from './schema-snapshot.js'
import { indexDescription, indexSql } from './snapshot-ddl.js'
import { plural, type SyncContext } from './sync-context.js'

/**
 * Indexes of surviving tables. An old index is the same as a new one when, after the
 * table and column renames, it covers the same columns with the same uniqueness: it is
 * kept, or renamed to its new name (PostgreSQL; SQLite cannot rename an index, so it is
 * re-created). Other old indexes are dropped and other new ones created; a new unique
 * index is refused while duplicates exist.
 */
export function addIndexChanges(ctx: SyncContext): void {
  const old = oldIndexesByKey(ctx)
  const used = new Set<IndexSnapshot>()
  for (const m of ctx.match.tables) {
    for (const ix of m.new.indexes) {
      const before = old.byKey.get(indexKey(ix.table, ix.columns, ix.unique))
      if (before) used.add(before)
      if (before && !ctx.rebuilt.has(ix.table) && before.name === ix.name) continue
      if (before && !ctx.rebuilt.has(ix.table) && ctx.draft.dialect === 'postgres') {
        addStep(ctx.draft, 'renameConstraints', {
          sql: `ALTER INDEX ${quoteIdent(before.name)} RENAME TO ${quoteIdent(ix.name)}`,
          description: `rename index ${before.name} to ${ix.name}`,
        })
        continue
      }
      if (before && !ctx.rebuilt.has(ix.table)) dropIndex(ctx, before, 're-created under its new name')
      if (!before && ix.unique) checkDuplicates(ctx, m, ix)
      addStep(ctx.draft, 'createIndexes', { sql: indexSql(ix), description: indexDescription(ix) })
    }
  }
  for (const ix of old.all) if (!used.has(ix)) dropIndex(ctx, ix, 'no longer in the model')
}

function indexKey(table: string, columns: readonly string[], unique: boolean): string {
  return `${table}|${columns.join(',')}|${unique}`
}

/** Old indexes of surviving tables, keyed by what they would be called under the new names. */
function oldIndexesByKey(ctx: SyncContext): { byKey: Map<string, IndexSnapshot>; all: IndexSnapshot[] } {
  const tables = new Map<string, string>()
  const columns = new Map<string, Map<string, string>>()
  for (const m of ctx.match.tables) {
    tables.set(m.old.table, m.new.table)
    columns.set(m.old.table, new Map([...m.columns.matched, ...m.references.matched].map((p) => [p.old.column, p.new.column])))
    for (const p of m.junctions.matched) {
      tables.set(p.old.table, p.new.table)
      columns.set(p.old.table, new Map([[p.old.ownerColumn, p.new.ownerColumn], [p.old.targetColumn, p.new.targetColumn]]))
    }
  }
  const byKey = new Map<string, IndexSnapshot>()
  const all: IndexSnapshot[] = []
  for (const m of ctx.match.tables) {
    for (const ix of m.old.indexes) {
      const table = tables.get(ix.table)
      if (table === undefined) continue
      all.push(ix)
      const renamed = ix.columns.map((c) => columns.get(ix.table)?.get(c))
      if (renamed.every((c) => c !== undefined)) byKey.set(indexKey(table, renamed as string[], ix.unique), ix)
    }
  }
  return { byKey, all }
}

function dropIndex(ctx: SyncContext, ix: IndexSnapshot, why: string): void {
  addStep(ctx.draft, 'dropConstraints', { sql: `DROP INDEX ${quoteIdent(ix.name)}`, description: `drop index ${ix.name} on ${ix.table} (${why})` })
}

/**
 * Counts the rows that share values of a new unique index's columns, as the table holds
 * them now. A new column without a default is NULL everywhere and never collides; one with
 * a default holds the same value on every row.
 */
function checkDuplicates(ctx: SyncContext, m: TableMatch, ix: IndexSnapshot): void {
  if (ix.table !== m.new.table) return
  const existing = new Map([...m.columns.matched, ...m.references.matched].map((p) => [p.new.column, p.old.column]))
  const added = new Map(m.columns.added.map((c) => [c.column, c]))
  if (ix.columns.some((c) => !existing.has(c) && added.get(c)?.default === undefined)) return
  const cols = ix.columns.flatMap((c) => (existing.has(c) ? [quoteIdent(existing.get(c) as string)] : []))
  const table = quoteIdent(m.old.table)
  const sql =
    cols.length === 0
      ? `SELECT CASE WHEN count(*) > 1 THEN count(*) ELSE 0 END AS "n" FROM ${table}`
      : `SELECT coalesce(sum("k"), 0) AS "n" FROM (SELECT count(*) AS "k" FROM ${table} WHERE ${cols.map((c) => `${c} IS NOT NULL`).join(' AND ')} GROUP BY ${cols.join(', ')} HAVING count(*) > 1) AS "d"`
  ctx.draft.checks.push({
    sql,
    outcome: 'blocked',
    table: m.new.table,
    ...(ix.columns.length === 1 ? { column: ix.columns[0] as string } : {}),
    loss: 'duplicate rows',
    message: (n) =>
      `${m.new.table} (${ix.columns.join(', ')}): ${plural(n, 'row')} share their values with another row, so the unique index ${ix.name} cannot be created. Remove the duplicates first, or keep ${ix.columns.join(', ')} non-unique in the model`,
  })
}
