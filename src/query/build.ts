import type {
  AggregateItem,
  AggregateOp,
  ArithmeticOp,
  CallExpr,
  CompareExpr,
  CompareOp,
  CountExpr,
  Expr,
  FunctionName,
  InExpr,
  LambdaExpr,
  Literal,
  LiteralExpr,
  LiteralType,
  LogicalExpr,
  NotExpr,
  PropertyExpr,
  SortItem,
} from './ast.js'

/**
 * Small builders of frozen query nodes, so tests, flows and adapters write
 * `and(eq(prop('status'), lit('Active')), gt(prop('price'), lit(10)))` instead of object
 * literals. They build data only; `checkQuery` checks it against the model.
 */

/** A path from the root entity: `prop('customer', 'name')`. */
export function prop(...path: string[]): PropertyExpr {
  return Object.freeze({ kind: 'property', path: Object.freeze(path) })
}

/** A path from a lambda variable: `vprop('l', 'quantity')`. */
export function vprop(variable: string, ...path: string[]): PropertyExpr {
  return Object.freeze({ kind: 'property', path: Object.freeze(path), variable })
}

/** A literal; `type` says how to read a string (a date, a UUID, …). */
export function lit(value: Literal, type?: LiteralType): LiteralExpr {
  return Object.freeze(type === undefined ? { kind: 'literal', value } : { kind: 'literal', value, type })
}

/** A comparison; `eq`, `ne`, `lt`, `le`, `gt`, `ge` are shorthands. */
export function compare(op: CompareOp, left: Expr, right: Expr): CompareExpr {
  return Object.freeze({ kind: 'compare', op, left, right })
}

export const eq = (left: Expr, right: Expr): CompareExpr => compare('eq', left, right)
export const ne = (left: Expr, right: Expr): CompareExpr => compare('ne', left, right)
export const lt = (left: Expr, right: Expr): CompareExpr => compare('lt', left, right)
export const le = (left: Expr, right: Expr): CompareExpr => compare('le', left, right)
export const gt = (left: Expr, right: Expr): CompareExpr => compare('gt', left, right)
export const ge = (left: Expr, right: Expr): CompareExpr => compare('ge', left, right)

export function and(...operands: Expr[]): LogicalExpr {
  return Object.freeze({ kind: 'and', operands: Object.freeze(operands) })
}

export function or(...operands: Expr[]): LogicalExpr {
  return Object.freeze({ kind: 'or', operands: Object.freeze(operands) })
}

export function not(operand: Expr): NotExpr {
  return Object.freeze({ kind: 'not', operand })
}

export function arith(op: ArithmeticOp, left: Expr, right: Expr): Expr {
  return Object.freeze({ kind: 'arith', op, left, right })
}

export function negate(operand: Expr): Expr {
  return Object.freeze({ kind: 'negate', operand })
}

export function isIn(operand: Expr, values: readonly Expr[]): InExpr {
  return Object.freeze({ kind: 'in', operand, values: Object.freeze([...values]) })
}

export function call(name: FunctionName, ...args: Expr[]): CallExpr {
  return Object.freeze({ kind: 'call', name, args: Object.freeze(args) })
}

function lambda(kind: 'any' | 'all', path: readonly string[], as: string, predicate?: Expr, variable?: string): LambdaExpr {
  return Object.freeze({
    kind,
    path: Object.freeze([...path]),
    as,
    ...(predicate ? { predicate } : {}),
    ...(variable ? { variable } : {}),
  })
}

/** `any(['lines'], 'l', gt(vprop('l','quantity'), lit(2)))`; `variable` starts the path at an outer lambda variable. */
export function any(path: readonly string[], as: string, predicate?: Expr, variable?: string): LambdaExpr {
  return lambda('any', path, as, predicate, variable)
}

export function all(path: readonly string[], as: string, predicate: Expr, variable?: string): LambdaExpr {
  return lambda('all', path, as, predicate, variable)
}

/** `count(['lines'])`; inside `filter`, paths without a variable start at the counted element. */
export function count(path: readonly string[], filter?: Expr, variable?: string): CountExpr {
  return Object.freeze({
    kind: 'count',
    path: Object.freeze([...path]),
    ...(filter ? { filter } : {}),
    ...(variable ? { variable } : {}),
  })
}

export function asc(expr: Expr): SortItem {
  return Object.freeze({ expr, direction: 'asc' })
}

export function desc(expr: Expr): SortItem {
  return Object.freeze({ expr, direction: 'desc' })
}

export function aggregate(op: AggregateOp, as: string, expr?: Expr): AggregateItem {
  return Object.freeze(expr ? { op, as, expr } : { op, as })
}
