import type { Expr } from './ast.js'

/**
 * The expression with each direct sub-expression replaced by `fn(child)` (a new node; the
 * input is not changed). Lambda predicates and count filters are children too; paths,
 * literals and names are kept as they are.
 */
export function mapChildren(expr: Expr, fn: (child: Expr) => Expr): Expr {
  switch (expr.kind) {
    case 'compare':
    case 'arith':
      return { ...expr, left: fn(expr.left), right: fn(expr.right) }
    case 'and':
    case 'or':
      return { ...expr, operands: expr.operands.map(fn) }
    case 'not':
    case 'negate':
      return { ...expr, operand: fn(expr.operand) }
    case 'in':
      return { ...expr, operand: fn(expr.operand), values: expr.values.map(fn) }
    case 'call':
      return { ...expr, args: expr.args.map(fn) }
    case 'any':
    case 'all':
      return expr.predicate ? { ...expr, predicate: fn(expr.predicate) } : expr
    case 'count':
      return expr.filter ? { ...expr, filter: fn(expr.filter) } : expr
    default:
      return expr
  }
}
