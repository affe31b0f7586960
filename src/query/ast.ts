/**
 * The one query language inside the runtime. OData `$filter`, REST query parameters, flows
 * and access rules all become these frozen data nodes; the store alone turns them into SQL.
 *
 * Semantics (shared by the SQL compiler and the reference evaluator, see docs/query.md):
 * - Two-valued logic: a comparison or function involving null is false, except `eq`/`ne`
 *   which treat null as a value (`null eq null` is true, `5 ne null` is true). `not`
 *   negates that two-valued result.
 * - Nulls sort first ascending and last descending, on every database.
 * - Strings compare and sort by code point.
 */

export type Literal = string | number | boolean | null

export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'
export type ArithmeticOp = 'add' | 'sub' | 'mul' | 'div' | 'divby' | 'mod'

/** Functions of the filter language; argument types are checked by `typecheck`. */
export type FunctionName =
  // strings
  | 'contains'
  | 'startswith'
  | 'endswith'
  | 'length'
  | 'indexof'
  | 'substring'
  | 'tolower'
  | 'toupper'
  | 'trim'
  | 'concat'
  | 'matchesPattern'
  // date and time
  | 'year'
  | 'month'
  | 'day'
  | 'hour'
  | 'minute'
  | 'second'
  | 'fractionalseconds'
  | 'date'
  | 'time'
  | 'totaloffsetminutes'
  | 'now'
  | 'mindatetime'
  | 'maxdatetime'
  | 'totalseconds'
  // math
  | 'round'
  | 'floor'
  | 'ceiling'

/**
 * A typed constant. `type` says how to read a string literal (a date, a UUID, an enum value,
 * a duration such as `P1DT2H`).
 */
export interface LiteralExpr {
  readonly kind: 'literal'
  readonly value: Literal
  readonly type?: LiteralType
}

/** How a literal is meant; absent means inferred from the JS value. */
export type LiteralType = 'String' | 'Integer' | 'Decimal' | 'Boolean' | 'Date' | 'DateTime' | 'TimeOfDay' | 'Duration' | 'UUID' | 'Enum'

/**
 * A member reached from a scope: `path` is navigations (to-one, or to-many inside `count`)
 * followed by an attribute or a reference, e.g. `['customer', 'name']`. `variable` names a
 * lambda variable (`any(l: l/quantity gt 2)`); absent means the query's root entity.
 */
export interface PropertyExpr {
  readonly kind: 'property'
  readonly path: readonly string[]
  readonly variable?: string
}

export interface CompareExpr {
  readonly kind: 'compare'
  readonly op: CompareOp
  readonly left: Expr
  readonly right: Expr
}

export interface LogicalExpr {
  readonly kind: 'and' | 'or'
  readonly operands: readonly Expr[]
}

export interface NotExpr {
  readonly kind: 'not'
  readonly operand: Expr
}

export interface ArithmeticExpr {
  readonly kind: 'arith'
  readonly op: ArithmeticOp
  readonly left: Expr
  readonly right: Expr
}

export interface NegateExpr {
  readonly kind: 'negate'
  readonly operand: Expr
}

export interface InExpr {
  readonly kind: 'in'
  readonly operand: Expr
  readonly values: readonly Expr[]
}

export interface CallExpr {
  readonly kind: 'call'
  readonly name: FunctionName
  readonly args: readonly Expr[]
}

/**
 * `any`/`all` over a collection (a to-many navigation path from `variable`'s scope).
 * `any` without a predicate is true when the collection is not empty.
 */
export interface LambdaExpr {
  readonly kind: 'any' | 'all'
  readonly path: readonly string[]
  readonly variable?: string
  /** Name the predicate uses for the collection's element. */
  readonly as: string
  readonly predicate?: Expr
}

/** Number of objects in a collection path, optionally filtered: `lines/$count gt 2`. */
export interface CountExpr {
  readonly kind: 'count'
  readonly path: readonly string[]
  readonly variable?: string
  /**
   * Counts only the elements matching it. Inside it, a property without a variable refers
   * to the collection's element (as in OData's `lines/$count($filter=quantity gt 1)`);
   * outer lambda variables stay visible.
   */
  readonly filter?: Expr
}

export type Expr =
  | LiteralExpr
  | PropertyExpr
  | CompareExpr
  | LogicalExpr
  | NotExpr
  | ArithmeticExpr
  | NegateExpr
  | InExpr
  | CallExpr
  | LambdaExpr
  | CountExpr

export interface SortItem {
  readonly expr: Expr
  readonly direction: 'asc' | 'desc'
}

/** A computed value, selectable and usable in filter and sort under its alias. */
export interface ComputeItem {
  readonly expr: Expr
  readonly as: string
}

/** A navigation to load with the result, with its own query options. */
export interface ExpandItem {
  readonly navigation: string
  readonly query: SubQuery
}

/** Query options that also apply inside an expand. */
export interface SubQuery {
  readonly filter?: Expr
  readonly search?: string
  readonly orderBy?: readonly SortItem[]
  readonly top?: number
  readonly skip?: number
  /** Members to return (attributes and references); all readable ones when absent. */
  readonly select?: readonly string[]
  readonly compute?: readonly ComputeItem[]
  readonly expand?: readonly ExpandItem[]
  /** Also count the matching objects (ignoring top/skip). */
  readonly count?: boolean
}

export type AggregateOp = 'sum' | 'avg' | 'min' | 'max' | 'count' | 'countdistinct'

export interface AggregateItem {
  readonly op: AggregateOp
  /** Absent only for `count` (count of objects). */
  readonly expr?: Expr
  readonly as: string
}

/**
 * Grouping and aggregation. The query's `filter` applies before grouping, `having` after;
 * `orderBy`, `top` and `skip` then apply to the groups and may name groupBy paths or aliases.
 */
export interface Aggregation {
  readonly groupBy: readonly PropertyExpr[]
  readonly aggregates: readonly AggregateItem[]
  readonly having?: Expr
}

export interface Query extends SubQuery {
  /** Qualified entity name, `Module.Entity`. */
  readonly entity: string
  /**
   * Keyset paging: the sort values of the last row of the previous page, followed by its
   * id. The page starts strictly after that row.
   */
  readonly after?: readonly Literal[]
  readonly aggregate?: Aggregation
}

/**
 * One entity of a cross join. `name` is what the cross join's paths start with (as a
 * `variable`: `vprop('Products', 'category')`) and the key of its object in each result row.
 */
export interface CrossJoinMember {
  readonly name: string
  /** Qualified entity name, `Module.Entity`. */
  readonly entity: string
  /** Restricts this member's objects; paths start at the member, as in a plain query. */
  readonly filter?: Expr
  /** Members returned for this entity (`id` always); all readable ones when absent. */
  readonly select?: readonly string[]
  readonly expand?: readonly ExpandItem[]
}

/**
 * The cross join of several entities (OData's `$crossjoin`): every combination of one object
 * of each member that passes the members' own filters and `filter`. Paths in `filter`,
 * `orderBy` and `compute` start with a member's name as their `variable`; a path without one
 * is refused. Each result row holds one object per member under its name, and the computed
 * values under their aliases. The order always ends with each member's id (in member order),
 * so it is total and `after` works as for a plain query.
 */
export interface CrossJoinQuery {
  readonly kind: 'crossJoin'
  readonly members: readonly CrossJoinMember[]
  readonly filter?: Expr
  readonly orderBy?: readonly SortItem[]
  readonly compute?: readonly ComputeItem[]
  readonly top?: number
  readonly skip?: number
  /** Keyset paging: the sort values of the last row, then the id of each member. */
  readonly after?: readonly Literal[]
  readonly count?: boolean
}

/** Whether a query is a cross join (plain queries have no `kind`). */
export function isCrossJoin(query: Query | CrossJoinQuery): query is CrossJoinQuery {
  return (query as { kind?: unknown }).kind === 'crossJoin'
}

/** Limits enforced before any SQL runs. */
export interface QueryLimits {
  readonly maxTop: number
  readonly maxExpandDepth: number
  readonly maxFilterNodes: number
  readonly maxLambdaDepth: number
  readonly maxInValues: number
  /** Most members of a cross join (default 4: the rows it can produce grow as a power of it). */
  readonly maxCrossJoinMembers?: number
}

export const DEFAULT_LIMITS: QueryLimits = Object.freeze({
  maxTop: 1000,
  maxExpandDepth: 4,
  maxFilterNodes: 200,
  maxLambdaDepth: 3,
  maxInValues: 500,
  maxCrossJoinMembers: 4,
})

/** The cross-join member limit when the limits leave it out. */
export const DEFAULT_MAX_CROSS_JOIN_MEMBERS = 4
