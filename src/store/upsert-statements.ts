import type { AttributeType } from '../model/index.js'
import { quoteIdent } from './ddl.js'
import type { Dialect } from './driver/driver.js'
import type { EntityStatements, Row } from './entity-statements.js'

/**
 * SQL of the bulk paths: reading the rows of many keys at once, and inserting many rows or
 * updating the existing row with the same key (`INSERT … ON CONFLICT (key) DO UPDATE`),
 * guarded by the version so a concurrent change is never overwritten. On PostgreSQL each
 * column travels as one array parameter (`unnest`), so a batch of thousands of rows is one
 * short statement; SQLite runs one prepared statement per row in-process.
 */

/** The array element type a column's values are bound as on PostgreSQL. */
function arrayType(type: AttributeType | undefined): string {
  switch (type?.kind) {
    case 'Integer':
      return 'int4'
    case 'Long':
    case 'AutoNumber':
    case undefined:
      return 'int8'
    case 'Decimal':
      return 'numeric'
    case 'Boolean':
      return 'bool'
    case 'Date':
      return 'date'
    case 'DateTime':
      return 'timestamptz'
    case 'UUID':
      return 'uuid'
    case 'Binary':
      return 'bytea'
    default:
      return 'text'
  }
}

function columnOf(s: EntityStatements, member: string): string {
  const column = s.columnOf.get(member)
  if (!column) throw new Error(`${s.table.entity.qualifiedName} has no column for member '${member}'`)
  return column
}

function typeOf(s: EntityStatements, member: string): AttributeType | undefined {
  return s.table.column.get(member)?.type
}

/** `INSERT INTO t (columns) <rows>`: one array parameter per column on PostgreSQL, one row of `?` on SQLite. */
function insertHead(s: EntityStatements, dialect: Dialect): string {
  const columns = s.insertColumns.map(quoteIdent)
  const source =
    dialect === 'postgres'
      ? `SELECT * FROM unnest(${s.insertMembers.map((m, i) => `$${i + 1}::${arrayType(typeOf(s, m))}[]`).join(', ')})`
      : `VALUES (${columns.map(() => '?').join(', ')})`
  return `INSERT INTO ${quoteIdent(s.table.table)} (${columns.join(', ')}) ${source}`
}

function conflictTarget(s: EntityStatements, key: readonly string[]): string {
  return `ON CONFLICT (${key.map((m) => quoteIdent(columnOf(s, m))).join(', ')})`
}

function returningKey(s: EntityStatements, key: readonly string[]): string {
  return `RETURNING ${['"id"', ...key.map((m) => `${quoteIdent(columnOf(s, m))} AS ${quoteIdent(m)}`)].join(', ')}`
}

/** `INSERT … ON CONFLICT (key) DO UPDATE … WHERE version matches RETURNING id, key`. */
export function upsertSql(s: EntityStatements, key: readonly string[], dialect: Dialect): string {
  const t = quoteIdent(s.table.table)
  const excluded = dialect === 'postgres' ? 'EXCLUDED' : 'excluded'
  const updated = s.insertMembers
    .filter((m) => !key.includes(m) && m !== 'createdAt')
    .map((m) => `${quoteIdent(columnOf(s, m))} = ${excluded}.${quoteIdent(columnOf(s, m))}`)
  return `${insertHead(s, dialect)} ${conflictTarget(s, key)} DO UPDATE SET ${updated.join(', ')} WHERE ${t}."version" = ${excluded}."version" - 1 ${returningKey(s, key)}`
}

/** `INSERT … ON CONFLICT (key) DO NOTHING RETURNING id, key`: only the rows whose key is new. */
export function insertNewSql(s: EntityStatements, key: readonly string[], dialect: Dialect): string {
  return `${insertHead(s, dialect)} ${conflictTarget(s, key)} DO NOTHING ${returningKey(s, key)}`
}

/** `SELECT <members> FROM t WHERE key IN (…)`, with its parameters, for one chunk of keys. */
export function findByKeysSql(s: EntityStatements, members: readonly string[], keys: readonly (readonly unknown[])[], dialect: Dialect): { sql: string; params: unknown[] } {
  if (members.length === 1) {
    const column = quoteIdent(columnOf(s, members[0] as string))
    const values = keys.map((k) => k[0])
    return dialect === 'postgres'
      ? { sql: `${s.selectAll} WHERE ${column} = ANY($1::${arrayType(typeOf(s, members[0] as string))}[])`, params: [values] }
      : { sql: `${s.selectAll} WHERE ${column} IN (SELECT "value" FROM json_each(?))`, params: [JSON.stringify(values)] }
  }
  const columns = members.map((m) => quoteIdent(columnOf(s, m)))
  let n = 0
  const p = (m: string) => (dialect === 'postgres' ? `$${++n}::${arrayType(typeOf(s, m))}` : '?')
  const tuples = keys.map(() => `(${members.map(p).join(', ')})`)
  return { sql: `${s.selectAll} WHERE (${columns.join(', ')}) IN (VALUES ${tuples.join(', ')})`, params: keys.flat() }
}

/** A key's values as one map key: the value of a one-member key, else JSON of the values in member order. */
function keyOf(key: readonly string[], row: Readonly<Row>): unknown {
  return key.length === 1 ? row[key[0] as string] : JSON.stringify(key.map((m) => row[m]))
}

/**
 * The id each row got, from the rows a statement returned (`id` and the key members), in
 * the order of `rows`; undefined where none came back. PostgreSQL returns the rows of an
 * `INSERT … SELECT FROM unnest` in the order given, so they are matched in one walk; only
 * when that fails are they matched by key. A returned row is given to the first row with its
 * key only, so two rows whose keys became equal once normalized do not share it.
 */
export function idsInOrder(key: readonly string[], rows: readonly Readonly<Row>[], returned: readonly Readonly<Row>[]): (number | undefined)[] {
  const ids = new Array<number | undefined>(rows.length)
  let next = 0
  for (let i = 0; i < rows.length; i++) {
    const r = returned[next]
    if (r !== undefined && keyOf(key, r) === keyOf(key, rows[i] as Readonly<Row>)) {
      ids[i] = Number(r.id)
      next++
    }
  }
  return next === returned.length ? ids : idsByKey(key, rows, returned)
}

function idsByKey(key: readonly string[], rows: readonly Readonly<Row>[], returned: readonly Readonly<Row>[]): (number | undefined)[] {
  const ids = new Map<unknown, number>()
  for (const r of returned) ids.set(keyOf(key, r), Number(r.id))
  return rows.map((row) => {
    const k = keyOf(key, row)
    const id = ids.get(k)
    if (id !== undefined) ids.delete(k)
    return id
  })
}
