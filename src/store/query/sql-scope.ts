import type { EntityModel, Navigation } from '../../model/index.js'
import type { MemberTarget, ScopeId } from '../../query/index.js'
import { quoteIdent } from '../ddl.js'
import type { PhysicalSchema, TableMapping } from '../physical-schema.js'
import type { SqlDialect } from './sql-dialect.js'
import { raw, type Sql } from './sql-fragment.js'

/**
 * A table instance in a statement (the root, a lambda element, a counted element) and the
 * to-one LEFT JOINs its paths needed. Joins are collected while expressions compile and
 * written into the FROM clause afterwards; they carry no parameters, so the order of the
 * parameters is unaffected.
 */
export interface SqlScope {
  readonly alias: string
  readonly table: TableMapping
  /** Join alias by navigation path (`customer`, `customer/country`). */
  readonly joins: Map<string, string>
  readonly joinClauses: string[]
}

/** Everything one statement's compilation shares. Lives for one compile call only. */
export interface CompileContext {
  readonly dialect: SqlDialect
  readonly physical: PhysicalSchema
  readonly scopes: ReadonlyMap<ScopeId, SqlScope>
  /** Numbers table aliases within the statement. */
  readonly aliases: { next: number }
  /** In an aggregated query's having/orderBy: compiled group keys and aggregates. */
  readonly group?: { readonly keys: readonly Sql[]; readonly aggregates: readonly Sql[] }
}

/** `t0`, `t1`, …: table aliases, unique within a statement. */
export function nextAlias(ctx: Pick<CompileContext, 'aliases'>): string {
  return `t${ctx.aliases.next++}`
}

/** A new table instance of `entity` in the statement. */
export function newScope(ctx: Pick<CompileContext, 'aliases' | 'physical'>, entity: EntityModel): SqlScope {
  return { alias: nextAlias(ctx), table: ctx.physical.table(entity), joins: new Map(), joinClauses: [] }
}

/** `alias."column"`. */
export function column(alias: string, name: string): Sql {
  return raw(`${alias}.${quoteIdent(name)}`)
}

/** The foreign-key column of a reference or one-to-one association in its owner's table. */
export function referenceColumn(physical: PhysicalSchema, nav: Navigation): string {
  const ref = physical.table(nav.owner).reference.get(nav.association.name)
  if (!ref) throw new Error(`${nav.owner.qualifiedName}.${nav.association.name} has no reference column`)
  return ref.column
}

/** The alias of the table a to-one path leads to, adding the LEFT JOINs it needs. */
export function joinPath(ctx: CompileContext, scope: SqlScope, navigations: readonly Navigation[]): { alias: string; table: TableMapping } {
  let alias = scope.alias
  let table = scope.table
  let key = ''
  for (const nav of navigations) {
    key = key ? `${key}/${nav.name}` : nav.name
    table = ctx.physical.table(nav.target)
    const known = scope.joins.get(key)
    if (known) {
      alias = known
      continue
    }
    const next = nextAlias(ctx)
    const fk = quoteIdent(referenceColumn(ctx.physical, nav))
    const on = nav.direction === 'forward' ? `${next}."id" = ${alias}.${fk}` : `${next}.${fk} = ${alias}."id"`
    scope.joinClauses.push(` LEFT JOIN ${quoteIdent(table.table)} AS ${next} ON ${on}`)
    scope.joins.set(key, next)
    alias = next
  }
  return { alias, table }
}

/** The column of a member (an attribute, or a reference's foreign key) under `alias`. */
export function memberColumn(table: TableMapping, alias: string, member: MemberTarget): Sql {
  if (member.kind === 'attribute') {
    const c = table.column.get(member.attribute.name)
    if (!c) throw new Error(`${table.entity.qualifiedName}.${member.attribute.name} has no column`)
    return column(alias, c.column)
  }
  const r = table.reference.get(member.association.name)
  if (!r) throw new Error(`${table.entity.qualifiedName}.${member.association.name} has no reference column`)
  return column(alias, r.column)
}

/** The table instance a typed path's scope is bound to. */
export function scopeOf(ctx: CompileContext, id: ScopeId): SqlScope {
  const scope = ctx.scopes.get(id)
  if (!scope) throw new Error(`scope ${id} is not bound in this statement`)
  return scope
}
