import { and, arith, call, compare, lit, negate, not, or, prop, type CompareOp, type Expr, type Literal } from '../../query/index.js'
import type { ExpressionProblem, ExprNode } from './expression-ast.js'
import { FUNCTIONS } from './expression-functions.js'
import type { CheckedExpression } from './check-expression.js'
import { compileExpression, type EvaluationEnv } from './compile-expression.js'

/** Builds the query filter of one run: member paths stay paths, everything else becomes a literal. */
export type FilterBuilder = (env: EvaluationEnv) => Promise<Expr>

const COMPARE: Readonly<Record<string, CompareOp>> = { '=': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' }
const ARITH = { '+': 'add', '-': 'sub', '*': 'mul', div: 'divby', mod: 'mod' } as const

/** Whether a node reads a member of the queried entity (and so must run in the database). */
function readsMembers(n: ExprNode): boolean {
  switch (n.kind) {
    case 'member':
      return true
    case 'unary':
      return readsMembers(n.operand)
    case 'binary':
      return readsMembers(n.left) || readsMembers(n.right)
    case 'if':
      return readsMembers(n.condition) || readsMembers(n.then) || readsMembers(n.else)
    case 'call':
      return n.args.some(readsMembers)
    default:
      return false
  }
}

/**
 * What a `where` expression may not do in the database: an `if` over members, a function
 * the query language lacks applied to members, a path through a collection. Parts that do
 * not read members are evaluated in the flow first, so they may use every function.
 */
export function filterProblems(checked: CheckedExpression): ExpressionProblem[] {
  const out: ExpressionProblem[] = []
  const visit = (n: ExprNode): void => {
    if (!readsMembers(n)) return
    if (n.kind === 'member' && (checked.paths.get(n) ?? []).some((s) => s.kind === 'many' || s.kind === 'field')) {
      out.push({ ...n, message: `a query filter cannot follow '${n.path.map((s) => s.name).join('/')}' through a collection` })
    } else if (n.kind === 'if') {
      out.push({ ...n, message: 'if … then … else over members cannot run in a query; use and / or' })
    } else if (n.kind === 'call' && !FUNCTIONS[n.name]?.query) {
      out.push({ start: n.start, end: n.start + n.name.length, message: `${n.name} over members cannot run in a query` })
    }
    if (n.kind === 'unary') visit(n.operand)
    if (n.kind === 'binary') [n.left, n.right].forEach(visit)
    if (n.kind === 'call') n.args.forEach(visit)
  }
  visit(checked.node)
  return out
}

/** Compiles a checked `where` expression (without problems) into a builder of query filters. */
export function compileFilter(checked: CheckedExpression): FilterBuilder {
  return build(checked.node, checked)
}

function build(n: ExprNode, checked: CheckedExpression): FilterBuilder {
  if (!readsMembers(n)) {
    const value = compileExpression({ ...checked, node: n })
    return async (env) => lit(literalOf(await value.evaluate(env)))
  }
  const sub = (c: ExprNode) => build(c, checked)
  switch (n.kind) {
    case 'member': {
      const path = prop(...n.path.map((s) => s.name))
      return async () => path
    }
    case 'unary': {
      const operand = sub(n.operand)
      return async (env) => (n.op === 'not' ? not(await operand(env)) : negate(await operand(env)))
    }
    case 'binary':
      return buildBinary(n, checked, sub)
    case 'call': {
      const args = n.args.map(sub)
      const name = FUNCTIONS[n.name]?.query ?? 'concat'
      return async (env) => call(name, ...(await Promise.all(args.map((a) => a(env)))))
    }
    default:
      return async () => lit(null)
  }
}

function buildBinary(n: Extract<ExprNode, { kind: 'binary' }>, checked: CheckedExpression, sub: (c: ExprNode) => FilterBuilder): FilterBuilder {
  const left = sub(n.left)
  const right = sub(n.right)
  const both = async (env: EvaluationEnv): Promise<[Expr, Expr]> => [await left(env), await right(env)]
  if (n.op === 'and') return async (env) => and(...(await both(env)))
  if (n.op === 'or') return async (env) => or(...(await both(env)))
  const cmp = COMPARE[n.op]
  if (cmp) return async (env) => compare(cmp, ...(await both(env)))
  const type = checked.types.get(n)
  if (n.op === '+' && type?.kind === 'scalar' && type.name === 'String') return async (env) => call('concat', ...(await both(env)))
  const op = ARITH[n.op as keyof typeof ARITH]
  return async (env) => arith(op, ...(await both(env)))
}

/** A run-time value as a query literal: an object by its id. */
function literalOf(v: unknown): Literal {
  if (v === undefined) return null
  if (typeof v === 'object' && v !== null && 'id' in v) return (v as { id: number }).id
  return v as Literal
}
