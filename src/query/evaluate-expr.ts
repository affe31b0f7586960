import type { Navigation } from '../model/index.js'
import type { ArithmeticOp, CompareOp, Literal } from './ast.js'
import { temporalArithmetic } from './duration-values.js'
import { applyFunction, compareValues, noNegativeZero } from './scalar-semantics.js'
import type { CollectionPath, ScopeId, TypedExpr, TypedMember } from './typed-query.js'

/** An object in the kernel encoding; a reference set may be given as an array of target ids. */
export type DataRow = Readonly<Record<string, unknown>>

/**
 * In-memory data by qualified entity name. A reference is the target id under the
 * association name; a reference set is an array of target ids under its name in the
 * owner's rows (`Product.tags: [1, 2]`).
 */
export type Dataset = ReadonlyMap<string, readonly DataRow[]>

/** What evaluating an expression needs besides the row: the data to navigate, the time, the group. */
export interface EvalContext {
  readonly data: Dataset
  readonly now: string
  /** In an aggregated query's having/orderBy: the group's key values and aggregates. */
  readonly group?: { readonly keys: readonly Literal[]; readonly aggregates: readonly Literal[] }
}

/** The row each scope (root, lambda variable, counted element) stands for. */
export type Bindings = ReadonlyMap<ScopeId, DataRow | null>

const rowsOf = (ctx: EvalContext, entity: string): readonly DataRow[] => ctx.data.get(entity) ?? []
const value = (row: DataRow, name: string): unknown => row[name] ?? null

/** The object a to-one navigation leads to, or null. */
export function followOne(ctx: EvalContext, row: DataRow | null, nav: Navigation): DataRow | null {
  if (row === null) return null
  if (nav.direction === 'forward') {
    const id = value(row, nav.association.name)
    return id === null ? null : (rowsOf(ctx, nav.target.qualifiedName).find((r) => r.id === id) ?? null)
  }
  return rowsOf(ctx, nav.owner.qualifiedName).find((r) => r[nav.association.name] === row.id) ?? null
}

/** The objects of a to-many navigation: a reference set, or the inverse of a reference or reference set. */
export function followMany(ctx: EvalContext, row: DataRow | null, nav: Navigation): readonly DataRow[] {
  if (row === null) return []
  const name = nav.association.name
  if (nav.direction === 'forward') {
    const ids = (row[name] as readonly unknown[] | undefined) ?? []
    return rowsOf(ctx, nav.target.qualifiedName).filter((r) => ids.includes(r.id))
  }
  if (nav.association.kind === 'referenceSet') {
    return rowsOf(ctx, nav.owner.qualifiedName).filter((r) => ((r[name] as readonly unknown[] | undefined) ?? []).includes(row.id))
  }
  return rowsOf(ctx, nav.owner.qualifiedName).filter((r) => r[name] === row.id)
}

function memberValue(expr: TypedMember, bindings: Bindings, ctx: EvalContext): Literal {
  let row = bindings.get(expr.scope) ?? null
  for (const nav of expr.navigations) row = followOne(ctx, row, nav)
  if (row === null) return null
  const name = expr.member.kind === 'attribute' ? expr.member.attribute.name : expr.member.association.name
  return value(row, name) as Literal
}

function collection(path: CollectionPath, bindings: Bindings, ctx: EvalContext): readonly DataRow[] {
  let row = bindings.get(path.scope) ?? null
  for (const nav of path.navigations) row = followOne(ctx, row, nav)
  return followMany(ctx, row, path.collection)
}

/** eq/ne treat null as a value; the ordering comparisons are false when either side is null. */
export function compareOp(op: CompareOp, a: Literal, b: Literal): boolean {
  if (op === 'eq' || op === 'ne') {
    const equal = a === null || b === null ? a === b : compareValues(a, b) === 0
    return op === 'eq' ? equal : !equal
  }
  if (a === null || b === null) return false
  const c = compareValues(a, b)
  return op === 'lt' ? c < 0 : op === 'le' ? c <= 0 : op === 'gt' ? c > 0 : c >= 0
}

/** Null in, null out; division and remainder by zero are null; integral `div` truncates toward zero. */
export function arithmetic(op: ArithmeticOp, a: Literal, b: Literal, integral: boolean): Literal {
  if (a === null || b === null) return null
  const x = a as number
  const y = b as number
  switch (op) {
    case 'add':
      return x + y
    case 'sub':
      return noNegativeZero(x - y)
    case 'mul':
      return noNegativeZero(x * y)
    case 'div':
      return y === 0 ? null : noNegativeZero(integral ? Math.trunc(x / y) : x / y)
    case 'divby':
      return y === 0 ? null : noNegativeZero(x / y)
    case 'mod':
      return y === 0 ? null : noNegativeZero(x % y)
  }
}

/** Evaluates an expression for one set of bindings; predicates give true or false, never null. */
export function evaluate(expr: TypedExpr, bindings: Bindings, ctx: EvalContext): Literal {
  switch (expr.kind) {
    case 'literal':
      return expr.value
    case 'member':
      return memberValue(expr, bindings, ctx)
    case 'computed':
      return evaluate(expr.expr, bindings, ctx)
    case 'groupKey':
      return ctx.group?.keys[expr.index] ?? null
    case 'aggregate':
      return ctx.group?.aggregates[expr.index] ?? null
    case 'compare':
      return compareOp(expr.op, evaluate(expr.left, bindings, ctx), evaluate(expr.right, bindings, ctx))
    case 'and':
      return expr.operands.every((o) => evaluate(o, bindings, ctx) === true)
    case 'or':
      return expr.operands.some((o) => evaluate(o, bindings, ctx) === true)
    case 'not':
      return evaluate(expr.operand, bindings, ctx) !== true
    case 'arith': {
      const [a, b] = [evaluate(expr.left, bindings, ctx), evaluate(expr.right, bindings, ctx)]
      return expr.temporal ? temporalArithmetic(expr.temporal, expr.op, a, b) : arithmetic(expr.op, a, b, expr.integral)
    }
    case 'negate': {
      const v = evaluate(expr.operand, bindings, ctx)
      return v === null ? null : noNegativeZero(-(v as number))
    }
    case 'in': {
      const v = evaluate(expr.operand, bindings, ctx)
      return expr.values.some((x) => compareOp('eq', v, evaluate(x, bindings, ctx)))
    }
    case 'call':
      return evaluateCall(expr, bindings, ctx)
    case 'any':
    case 'all':
    case 'count':
      return evaluateCollection(expr, bindings, ctx)
  }
}

function evaluateCall(expr: TypedExpr & { kind: 'call' }, bindings: Bindings, ctx: EvalContext): Literal {
  const args = expr.args.map((a) => evaluate(a, bindings, ctx))
  const integral = expr.info.type === 'Integer' || expr.info.type === 'Long'
  const result = applyFunction(expr.name, args, { now: ctx.now, integral })
  return result === null && expr.info.type === 'Boolean' ? false : result
}

function evaluateCollection(expr: TypedExpr & { kind: 'any' | 'all' | 'count' }, bindings: Bindings, ctx: EvalContext): Literal {
  const elements = collection(expr.path, bindings, ctx)
  const condition = expr.kind === 'count' ? expr.filter : expr.predicate
  const holds = (row: DataRow): boolean => condition === undefined || evaluate(condition, new Map([...bindings, [expr.element, row]]), ctx) === true
  if (expr.kind === 'any') return elements.some(holds)
  if (expr.kind === 'all') return elements.every(holds)
  return elements.filter(holds).length
}
