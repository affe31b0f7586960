import type { AssociationModel, AttributeModel, EntityModel, Navigation } from '../model/index.js'
import type { AggregateOp, ArithmeticOp, CompareOp, FunctionName, Literal } from './ast.js'

/**
 * The checked form of a query: a parallel tree of frozen data in which every path is
 * resolved against the model, every literal is normalised, and every node carries its
 * value type and nullability. The SQL compiler and the reference evaluator both read this
 * tree, so they cannot disagree about what a query means, only about how to compute it.
 */

/** Value types of expressions. `String` covers String and Text; AutoNumber is a Long. */
export type ValueType =
  | 'String'
  | 'Integer'
  | 'Long'
  | 'Decimal'
  | 'Double'
  | 'Boolean'
  | 'Date'
  | 'DateTime'
  | 'TimeOfDay'
  /** Days, hours, minutes and seconds, computed as whole milliseconds (duration-values.ts). */
  | 'Duration'
  | 'UUID'
  | 'Enum'
  | 'Binary'
  /** The type of the `null` literal: compatible with every type. */
  | 'Null'

export interface ValueInfo {
  readonly type: ValueType
  /** False only when the value can never be null (required members, non-null arguments). */
  readonly nullable: boolean
  /** Qualified enumeration of an `Enum` value. */
  readonly enumeration?: string
  /** Scale of a Decimal attribute, used to round SQLite's floating sums back to it. */
  readonly scale?: number
  /** A `matchesPattern` pattern: its value is the canonical form of the text given (regex-pattern.ts). */
  readonly pattern?: true
}

/** Identifies the scope a path starts from: the root entity, a lambda variable or a counted element. */
export type ScopeId = string

/** The scope id of the query's root entity. */
export const ROOT_SCOPE: ScopeId = '$it'

export type MemberTarget =
  | { readonly kind: 'attribute'; readonly attribute: AttributeModel }
  /** A reference association's value: the referenced object's id. */
  | { readonly kind: 'reference'; readonly association: AssociationModel }

export interface TypedLiteral {
  readonly kind: 'literal'
  /** Normalised: DateTime as `YYYY-MM-DDTHH:mm:ss.sssZ`, Date as `YYYY-MM-DD`, UUID lower case, Duration as milliseconds. */
  readonly value: Literal
  readonly info: ValueInfo
  /** Position of the literal in the query's shape, when the caller numbered them (see `CheckOptions.slots`). */
  readonly slot?: number
}

export interface TypedMember {
  readonly kind: 'member'
  readonly scope: ScopeId
  /** To-one navigations from the scope's entity, in order. */
  readonly navigations: readonly Navigation[]
  /** The entity that holds the member (the last navigation's target, or the scope's entity). */
  readonly entity: EntityModel
  readonly member: MemberTarget
  /** The path as written, joined with '/', for messages and aggregation keys. */
  readonly path: string
  readonly info: ValueInfo
}

/** A compute alias used in an expression; `expr` is the checked computed expression. */
export interface TypedComputed {
  readonly kind: 'computed'
  readonly alias: string
  readonly expr: TypedExpr
  readonly info: ValueInfo
}

/** In an aggregated query's `having`/`orderBy`: a groupBy path or an aggregate alias. */
export interface TypedGroupRef {
  readonly kind: 'groupKey' | 'aggregate'
  readonly index: number
  readonly info: ValueInfo
}

export interface TypedCompare {
  readonly kind: 'compare'
  readonly op: CompareOp
  readonly left: TypedExpr
  readonly right: TypedExpr
  readonly info: ValueInfo
}

export interface TypedLogical {
  readonly kind: 'and' | 'or'
  readonly operands: readonly TypedExpr[]
  readonly info: ValueInfo
}

export interface TypedNot {
  readonly kind: 'not'
  readonly operand: TypedExpr
  readonly info: ValueInfo
}

export interface TypedArith {
  readonly kind: 'arith'
  readonly op: ArithmeticOp
  readonly left: TypedExpr
  readonly right: TypedExpr
  /** True when both operands are integral: `div` then truncates and `mod` is integer remainder. */
  readonly integral: boolean
  /** Arithmetic on dates, date-times and durations; absent for numbers. */
  readonly temporal?: TemporalArith
  readonly info: ValueInfo
}

/**
 * The time-related forms of arithmetic (OData URL conventions 5.1.1.2), durations counted in
 * milliseconds: `shiftDateTime` DateTime ± Duration; `shiftDate` Date ± Duration (the day the
 * instant falls in); `dateTimeDiff` DateTime − DateTime; `dateDiff` Date − Date; `durations`
 * Duration ± Duration; `scale` Duration × number or Duration ÷ number (truncated to a millisecond).
 */
export type TemporalArith = 'shiftDateTime' | 'shiftDate' | 'dateTimeDiff' | 'dateDiff' | 'durations' | 'scale'

export interface TypedNegate {
  readonly kind: 'negate'
  readonly operand: TypedExpr
  readonly info: ValueInfo
}

export interface TypedIn {
  readonly kind: 'in'
  readonly operand: TypedExpr
  readonly values: readonly TypedExpr[]
  readonly info: ValueInfo
}

export interface TypedCall {
  readonly kind: 'call'
  readonly name: FunctionName
  readonly args: readonly TypedExpr[]
  readonly info: ValueInfo
}

/** A to-many navigation reached from a scope: to-one navigations, then the collection. */
export interface CollectionPath {
  readonly scope: ScopeId
  readonly navigations: readonly Navigation[]
  readonly collection: Navigation
}

export interface TypedLambda {
  readonly kind: 'any' | 'all'
  readonly path: CollectionPath
  /** Scope id of the element inside the predicate (the lambda variable). */
  readonly element: ScopeId
  readonly predicate?: TypedExpr
  readonly info: ValueInfo
}

export interface TypedCount {
  readonly kind: 'count'
  readonly path: CollectionPath
  /** Scope id of the counted element inside `filter`. */
  readonly element: ScopeId
  readonly filter?: TypedExpr
  readonly info: ValueInfo
}

export type TypedExpr =
  | TypedLiteral
  | TypedMember
  | TypedComputed
  | TypedGroupRef
  | TypedCompare
  | TypedLogical
  | TypedNot
  | TypedArith
  | TypedNegate
  | TypedIn
  | TypedCall
  | TypedLambda
  | TypedCount

export interface TypedSortItem {
  readonly expr: TypedExpr
  readonly direction: 'asc' | 'desc'
}

/** A member returned with each row: an attribute, or a reference (its target id). */
export interface SelectedMember {
  readonly name: string
  readonly target: MemberTarget
  readonly info: ValueInfo
}

export interface TypedComputeItem {
  readonly alias: string
  readonly expr: TypedExpr
}

/** Text search: every term must occur (ASCII case-insensitively) in one of `attributes`. */
export interface TypedSearch {
  /** Lower-cased (ASCII) terms, never empty strings. */
  readonly terms: readonly string[]
  readonly attributes: readonly AttributeModel[]
}

export interface TypedExpand {
  readonly navigation: Navigation
  readonly query: TypedSubQuery
}

export interface TypedSubQuery {
  readonly entity: EntityModel
  readonly filter?: TypedExpr
  readonly search?: TypedSearch
  /** The requested sort keys followed by `id` ascending (always the last key). */
  readonly orderBy: readonly TypedSortItem[]
  readonly top?: number
  readonly skip?: number
  /** Members to return; always contains `id`. */
  readonly select: readonly SelectedMember[]
  /** Computed values returned with each row (all of them unless `select` names some). */
  readonly compute: readonly TypedComputeItem[]
  readonly expand: readonly TypedExpand[]
  readonly count: boolean
}

export interface TypedGroupKey {
  /** The groupBy path joined with '/': the key of the value in result rows. */
  readonly name: string
  readonly member: TypedMember
}

export interface TypedAggregate {
  readonly op: AggregateOp
  readonly expr?: TypedExpr
  readonly alias: string
  readonly info: ValueInfo
}

export interface TypedAggregation {
  readonly groupBy: readonly TypedGroupKey[]
  readonly aggregates: readonly TypedAggregate[]
  readonly having?: TypedExpr
  /** Sort keys over group keys and aliases, followed by every group key ascending. */
  readonly orderBy: readonly TypedSortItem[]
}

export interface TypedQuery extends TypedSubQuery {
  /** Keyset cursor: normalised values, one per `orderBy` item (the last is the id). */
  readonly after?: readonly Literal[]
  readonly aggregate?: TypedAggregation
}

/** One checked member of a cross join: its scope id is its name. */
export interface TypedCrossJoinMember {
  readonly name: string
  /** The member's own filter, select and expand (orderBy is only its id). */
  readonly query: TypedSubQuery
}

export interface TypedCrossJoin {
  readonly kind: 'crossJoin'
  readonly members: readonly TypedCrossJoinMember[]
  /** Paths start at the members' scopes (their names). */
  readonly filter?: TypedExpr
  /** The requested sort keys followed by each member's id ascending. */
  readonly orderBy: readonly TypedSortItem[]
  readonly compute: readonly TypedComputeItem[]
  readonly top?: number
  readonly skip?: number
  readonly after?: readonly Literal[]
  readonly count: boolean
}

/** Value info of booleans computed by predicates: never null (two-valued logic). */
export const PREDICATE_INFO: ValueInfo = Object.freeze({ type: 'Boolean', nullable: false })

/** Suffix of the member that carries an expanded collection's count: `lines@count`. */
export const COUNT_SUFFIX = '@count'
