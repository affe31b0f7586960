import type { Dialect } from './driver/driver.js'
import { quoteIdent } from './ddl.js'
import type { TableMapping } from './physical-schema.js'

/** A stored object in the kernel's encoding: attribute and reference names → values. */
export type Row = Record<string, unknown>

/**
 * The statements the kernel runs on every request, built once per table at startup:
 * a row read by id, an insert, a delete. Columns are aliased to member names so rows come
 * back in the model's vocabulary and need no renaming.
 */
export interface EntityStatements {
  readonly table: TableMapping
  /** `SELECT <all members> FROM t WHERE id = ?`. */
  readonly selectById: string
  /** `SELECT <all members> FROM t` without a WHERE, for id lists. */
  readonly selectAll: string
  /** Member names written by an insert, in parameter order (no id). */
  readonly insertMembers: readonly string[]
  readonly insertColumns: readonly string[]
  /** Single-row insert returning the new id. */
  readonly insertOne: string
  readonly deleteById: string
  readonly deleteByIdAndVersion: string
  /** Members read back as booleans (SQLite stores 0/1). */
  readonly booleanMembers: readonly string[]
  /** Kernel member name → column, for attributes and references. */
  readonly columnOf: ReadonlyMap<string, string>
  /** Update statements by the set of members changed, built on first use. */
  updateSql(members: readonly string[], options: { checkVersion: boolean }): string
  /** `SELECT <all members> FROM t WHERE <member> = ?`, for lookups by a unique member. */
  selectBy(member: string): string
}

export function buildEntityStatements(table: TableMapping, dialect: Dialect): EntityStatements {
  const t = quoteIdent(table.table)
  const members = [
    ...table.columns.map((c) => [c.attribute.name, c.column] as const),
    ...table.references.map((r) => [r.association.name, r.column] as const),
  ]
  const columnOf = new Map(members)
  const select = members.map(([m, c]) => (m === c ? quoteIdent(c) : `${quoteIdent(c)} AS ${quoteIdent(m)}`)).join(', ')
  const p = placeholder(dialect)
  const insertPairs = members.filter(([m]) => m !== 'id')
  const insertMembers = insertPairs.map(([m]) => m)
  const insertColumns = insertPairs.map(([, c]) => c)
  const updates = new Map<string, string>()
  const lookups = new Map<string, string>()
  return {
    table,
    selectById: `SELECT ${select} FROM ${t} WHERE "id" = ${p(1)}`,
    selectAll: `SELECT ${select} FROM ${t}`,
    insertMembers,
    insertColumns,
    insertOne: `INSERT INTO ${t} (${insertColumns.map(quoteIdent).join(', ')}) VALUES (${insertColumns.map((_, i) => p(i + 1)).join(', ')}) RETURNING "id"`,
    deleteById: `DELETE FROM ${t} WHERE "id" = ${p(1)}`,
    deleteByIdAndVersion: `DELETE FROM ${t} WHERE "id" = ${p(1)} AND "version" = ${p(2)}`,
    booleanMembers: dialect === 'sqlite' ? table.columns.filter((c) => c.type.kind === 'Boolean').map((c) => c.attribute.name) : [],
    columnOf,
    selectBy(member) {
      let sql = lookups.get(member)
      if (!sql) {
        sql = `SELECT ${select} FROM ${t} WHERE ${quoteIdent(columnOf.get(member) ?? member)} = ${p(1)}`
        lookups.set(member, sql)
      }
      return sql
    },
    updateSql(changed, { checkVersion }) {
      const key = `${checkVersion ? 'v' : '-'}${changed.join(',')}`
      let sql = updates.get(key)
      if (!sql) {
        const sets = changed.map((m, i) => `${quoteIdent(columnOf.get(m) ?? m)} = ${p(i + 1)}`)
        const n = changed.length
        sql = `UPDATE ${t} SET ${sets.join(', ')} WHERE "id" = ${p(n + 1)}${checkVersion ? ` AND "version" = ${p(n + 2)}` : ''}`
        updates.set(key, sql)
      }
      return sql
    },
  }
}

/** `?` on SQLite, `$n` on PostgreSQL. */
export function placeholder(dialect: Dialect): (n: number) => string {
  return dialect === 'sqlite' ? () => '?' : (n) => `$${n}`
}

/** Multi-row insert for PostgreSQL batches. */
export function insertManySql(table: string, columns: readonly string[], rows: number): string {
  const values: string[] = []
  let n = 1
  for (let r = 0; r < rows; r++) {
    values.push(`(${columns.map(() => `$${n++}`).join(', ')})`)
  }
  return `INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) VALUES ${values.join(', ')} RETURNING "id"`
}
