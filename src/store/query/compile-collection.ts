import type { CollectionPath, ScopeId, TypedCount, TypedLambda } from '../../query/index.js'
import { quoteIdent } from '../ddl.js'
import { predicate } from './compile-expr.js'
import { raw, sql, type Sql } from './sql-fragment.js'
import { joinPath, newScope, nextAlias, referenceColumn, scopeOf, type CompileContext, type SqlScope } from './sql-scope.js'

/**
 * `any` → EXISTS, `all` → NOT EXISTS (… negated predicate), `count` → a correlated
 * COUNT(*), each over the collection's table correlated with its parent row: the owner's
 * foreign key for the inverse of a reference, the junction table for a reference set.
 */
export function compileCollection(expr: TypedLambda | TypedCount, ctx: CompileContext, positive: boolean): Sql {
  const source = collectionSource(expr.path, ctx)
  const scopes = new Map<ScopeId, SqlScope>([...ctx.scopes, [expr.element, source.scope]])
  const inner: CompileContext = { ...ctx, scopes }
  const condition = expr.kind === 'count' ? expr.filter : expr.predicate
  // all(p) is "no element where not p"; its negation is "some element where not p".
  const elementPositive = expr.kind !== 'all'
  const where = condition === undefined ? undefined : predicate(condition, inner, elementPositive)
  const body = sql`${source.from}${source.scope.joinClauses.join('')} WHERE ${source.correlation}${where ? sql` AND ${where}` : ''}`
  if (expr.kind === 'count') return sql`(SELECT COUNT(*) FROM ${body})`
  const exists = expr.kind === 'any' ? positive : !positive
  return sql`${exists ? 'EXISTS' : 'NOT EXISTS'} (SELECT 1 FROM ${body})`
}

interface CollectionSource {
  /** FROM text: the element table, behind the junction table for a reference set. */
  readonly from: Sql
  /** Ties the element to its parent row. */
  readonly correlation: Sql
  readonly scope: SqlScope
}

/** The element table of a to-many navigation, correlated with the parent the path leads to. */
export function collectionSource(path: CollectionPath, ctx: CompileContext): CollectionSource {
  const parent = joinPath(ctx, scopeOf(ctx, path.scope), path.navigations).alias
  const nav = path.collection
  const scope = newScope(ctx, nav.target)
  const table = quoteIdent(scope.table.table)
  if (nav.association.kind !== 'referenceSet') {
    const fk = quoteIdent(referenceColumn(ctx.physical, nav))
    return { from: raw(`${table} AS ${scope.alias}`), correlation: raw(`${scope.alias}.${fk} = ${parent}."id"`), scope }
  }
  const junction = ctx.physical.table(nav.owner).junction.get(nav.association.name)
  if (!junction) throw new Error(`${nav.owner.qualifiedName}.${nav.association.name} has no junction table`)
  const j = nextAlias(ctx)
  const [mine, theirs] = nav.direction === 'forward' ? [junction.ownerColumn, junction.targetColumn] : [junction.targetColumn, junction.ownerColumn]
  return {
    from: raw(`${quoteIdent(junction.table)} AS ${j} JOIN ${table} AS ${scope.alias} ON ${scope.alias}."id" = ${j}.${quoteIdent(theirs)}`),
    correlation: raw(`${j}.${quoteIdent(mine)} = ${parent}."id"`),
    scope,
  }
}

