import type { Navigation } from '../../model/index.js'
import type { TypedExpand, TypedSubQuery } from '../../query/index.js'
import { quoteIdent } from '../ddl.js'
import { compileLevel, fromClause, statementContext, type CompileOptions, type Statement } from './compile-select.js'
import type { RowDecoder } from './decode-rows.js'
import { finish, joinSql, raw, sql, type Sql } from './sql-fragment.js'
import { column, nextAlias, referenceColumn, type CompileContext, type SqlScope } from './sql-scope.js'

/**
 * One statement per expanded navigation and level, over the parent keys of the level
 * above (`WHERE fk IN (…)`, one bound list). A collection is ordered by parent and sort keys;
 * its per-parent skip and top, when asked for, come from ROW_NUMBER() OVER (PARTITION BY
 * parent …); its per-parent count, when asked for, is one more grouped statement.
 */
export interface ExpandPlan {
  readonly name: string
  readonly cardinality: 'one' | 'many'
  /** Column of the parent rows holding the key: `id`, or the hidden foreign key of a reference. */
  readonly parentKey: string
  /** Column of the child rows naming their parent: `$parent`, or `id` for a reference. */
  readonly childKey: string
  readonly statement: Statement
  readonly count?: Statement
  readonly decoder: RowDecoder
  readonly expands: readonly ExpandPlan[]
}

/** Navigation names expanded through a foreign key of the expanding level's own table. */
export function forwardOneExpands(q: TypedSubQuery): string[] {
  return q.expand.filter((e) => isForwardOne(e.navigation)).map((e) => e.navigation.name)
}

const isForwardOne = (nav: Navigation): boolean => nav.direction === 'forward' && nav.cardinality === 'one'

/** The expand plans of one level; `foreignKeys` names the parent columns holding forward references. */
export function compileExpands(q: TypedSubQuery, foreignKeys: ReadonlyMap<string, string>, options: CompileOptions): ExpandPlan[] {
  return q.expand.map((e) => compileExpand(e, foreignKeys.get(e.navigation.name) ?? 'id', options))
}

interface Link {
  /** FROM text including the to-one joins the level's expressions made. */
  readonly from: () => string
  /** The child table's column that names the parent. */
  readonly parent: Sql
}

function linkOf(nav: Navigation, ctx: CompileContext, scope: SqlScope): Link {
  if (isForwardOne(nav)) return { from: () => fromClause(scope), parent: column(scope.alias, 'id') }
  if (nav.association.kind !== 'referenceSet') {
    return { from: () => fromClause(scope), parent: column(scope.alias, referenceColumn(ctx.physical, nav)) }
  }
  const junction = ctx.physical.table(nav.owner).junction.get(nav.association.name)
  if (!junction) throw new Error(`${nav.owner.qualifiedName}.${nav.association.name} has no junction table`)
  const j = nextAlias(ctx)
  const [mine, theirs] = nav.direction === 'forward' ? [junction.ownerColumn, junction.targetColumn] : [junction.targetColumn, junction.ownerColumn]
  return {
    from: () =>
      `${quoteIdent(junction.table)} AS ${j} JOIN ${quoteIdent(scope.table.table)} AS ${scope.alias} ON ${scope.alias}."id" = ${j}.${quoteIdent(theirs)}${scope.joinClauses.join('')}`,
    parent: column(j, mine),
  }
}

function compileExpand(e: TypedExpand, parentKey: string, options: CompileOptions): ExpandPlan {
  const q = e.query
  const { ctx, scope } = statementContext(options, q)
  const pieces = compileLevel(q, ctx, scope, { forwardExpands: forwardOneExpands(q) })
  const link = linkOf(e.navigation, ctx, scope)
  const where = sql` WHERE ${joinSql([ctx.dialect.inIdList(link.parent), ...pieces.conditions], ' AND ')}`
  const forward = isForwardOne(e.navigation)
  const numbered = options.dialect.numbered
  const base = {
    name: e.navigation.name,
    cardinality: e.navigation.cardinality,
    parentKey,
    childKey: forward ? 'id' : '$parent',
    decoder: pieces.decoder,
    expands: compileExpands(q, pieces.foreignKeys, options),
  }
  if (e.navigation.cardinality === 'one') {
    const parentColumn = forward ? raw('') : sql`, ${link.parent} AS "$parent"`
    return { ...base, statement: finish(sql`SELECT ${pieces.select}${parentColumn} FROM ${link.from()}${where}`, numbered) }
  }
  const range = rowRange(q, ctx)
  // Without per-parent paging, ordering by parent and sort keys is enough; the window function costs several times the scan.
  const statement = range
    ? sql`SELECT * FROM (SELECT ${pieces.select}, ${link.parent} AS "$parent", ROW_NUMBER() OVER (PARTITION BY ${link.parent} ORDER BY ${joinSql(pieces.order, ', ')}) AS "$rn" FROM ${link.from()}${where}) AS "x"${range} ORDER BY "x"."$parent", "x"."$rn"`
    : sql`SELECT ${pieces.select}, ${link.parent} AS "$parent" FROM ${link.from()}${where} ORDER BY ${joinSql([link.parent, ...pieces.order], ', ')}`
  const count = q.count ? sql`SELECT ${link.parent} AS "$parent", COUNT(*) AS "n" FROM ${link.from()}${where} GROUP BY ${link.parent}` : undefined
  return { ...base, statement: finish(statement, numbered), ...(count ? { count: finish(count, numbered) } : {}) }
}

/** Per-parent skip and top on the row numbers; undefined when the expand pages nothing. */
function rowRange(q: TypedSubQuery, ctx: CompileContext): Sql | undefined {
  const skip = q.skip ?? 0
  const parts: Sql[] = []
  if (skip > 0) parts.push(sql`"x"."$rn" > ${ctx.dialect.bind(skip, 'Long')}`)
  if (q.top !== undefined) parts.push(sql`"x"."$rn" <= ${ctx.dialect.bind(skip + q.top, 'Long')}`)
  return parts.length === 0 ? undefined : sql` WHERE ${joinSql(parts, ' AND ')}`
}
