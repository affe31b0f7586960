import type { EntityModel, ModelIndex } from '../../model/index.js'
import { closestName as closest } from '../../model/rules/closest-name.js'
import type { ExpressionProblem, ExprNode, PathSegment } from './expression-ast.js'
import { describeParam, fitsParam, FUNCTIONS } from './expression-functions.js'
import { ANY, BOOLEAN, DECIMAL, describeType, INTEGER, isNumeric, LONG, NULL, STRING, widerNumber, type FlowType } from './flow-types.js'
import { checkComparison } from './check-comparison.js'
import { resolveMember, type PathStep } from './resolve-member.js'
import { temporalProblem } from './temporal-values.js'
import { isDate, normalizeDateTime } from '../../kernel/index.js'

/** What names mean where an expression is written. */
export interface ExpressionScope {
  readonly index: ModelIndex
  /** Variables by name, without the `$`. */
  readonly variables: ReadonlyMap<string, FlowType>
  /** In a query `where`: the entity that bare member names belong to. */
  readonly entity?: EntityModel
}

/** An expression with the type of every node and how each path is walked. */
export interface CheckedExpression {
  readonly node: ExprNode
  readonly type: FlowType
  readonly problems: readonly ExpressionProblem[]
  readonly types: ReadonlyMap<ExprNode, FlowType>
  readonly paths: ReadonlyMap<ExprNode, readonly PathStep[]>
}

const INT32 = 2 ** 31

/** Type-checks a parsed expression against the model; problems carry their place in the text. */
export function checkExpression(node: ExprNode, scope: ExpressionScope): CheckedExpression {
  const problems: ExpressionProblem[] = []
  const types = new Map<ExprNode, FlowType>()
  const paths = new Map<ExprNode, readonly PathStep[]>()
  const ctx: Ctx = { scope, problems, paths, report: (at, message) => problems.push({ start: at.start, end: at.end, message }) }
  const visit = (n: ExprNode): FlowType => {
    const t = typeOf(n, ctx, visit)
    types.set(n, t)
    return t
  }
  const type = visit(node)
  return { node, type, problems, types, paths }
}

interface Ctx {
  readonly scope: ExpressionScope
  readonly problems: ExpressionProblem[]
  readonly paths: Map<ExprNode, readonly PathStep[]>
  report(at: { start: number; end: number }, message: string): void
}

type Visit = (n: ExprNode) => FlowType

function typeOf(n: ExprNode, ctx: Ctx, visit: Visit): FlowType {
  switch (n.kind) {
    case 'literal':
      return literalType(n.value, n.integral)
    case 'variable':
      return variableType(n, ctx)
    case 'member':
      return memberType(n, ctx)
    case 'unary':
      return unaryType(n, ctx, visit)
    case 'binary':
      return binaryType(n, ctx, visit)
    case 'if':
      return conditionalType(n, ctx, visit)
    case 'call':
      return callType(n, ctx, visit)
  }
}

export function literalType(value: unknown, integral: boolean): FlowType {
  if (value === null) return NULL
  if (typeof value === 'boolean') return BOOLEAN
  if (typeof value === 'string') return STRING
  if (!integral) return DECIMAL
  return Math.abs(value as number) < INT32 ? INTEGER : LONG
}

function variableType(n: Extract<ExprNode, { kind: 'variable' }>, ctx: Ctx): FlowType {
  const start = ctx.scope.variables.get(n.name)
  if (!start) {
    const names = [...ctx.scope.variables.keys()]
    const hint = closest(n.name, names)
    const known = names.length > 0 ? `; variables here: ${names.map((v) => `$${v}`).join(', ')}` : ''
    ctx.report({ start: n.start, end: n.start + n.name.length + 1 }, `unknown variable $${n.name}${hint ? ` (did you mean $${hint}?)` : known}`)
    return ANY
  }
  return walkPath(n, start, n.path, ctx)
}

function memberType(n: Extract<ExprNode, { kind: 'member' }>, ctx: Ctx): FlowType {
  const entity = ctx.scope.entity
  const name = n.path[0]?.name ?? ''
  if (!entity) {
    ctx.report(n, `'${name}' is not a value: write $${name} for a variable, or '${name}' (in single quotes) for text`)
    return ANY
  }
  return walkPath(n, { kind: 'object', entity: entity.qualifiedName }, n.path, ctx)
}

function walkPath(n: ExprNode, start: FlowType, path: readonly PathSegment[], ctx: Ctx): FlowType {
  let type = start
  const steps: PathStep[] = []
  for (const segment of path) {
    const step = resolveMember(type, segment.name, ctx.scope.index)
    if ('problem' in step) {
      ctx.report({ start: segment.start, end: segment.start + segment.name.length }, step.problem)
      return ANY
    }
    steps.push(step)
    type = step.type
  }
  ctx.paths.set(n, steps)
  return type
}

function unaryType(n: Extract<ExprNode, { kind: 'unary' }>, ctx: Ctx, visit: Visit): FlowType {
  const t = visit(n.operand)
  if (n.op === 'not') {
    if (t.kind !== 'any' && !(t.kind === 'scalar' && t.name === 'Boolean')) ctx.report(n.operand, `not needs true or false, not ${describeType(t)}`)
    return BOOLEAN
  }
  if (t.kind !== 'any' && !isNumeric(t)) ctx.report(n.operand, `- needs a number, not ${describeType(t)}`)
  return t.kind === 'any' ? ANY : t
}

function binaryType(n: Extract<ExprNode, { kind: 'binary' }>, ctx: Ctx, visit: Visit): FlowType {
  const left = visit(n.left)
  const right = visit(n.right)
  switch (n.op) {
    case 'and':
    case 'or':
      for (const [side, t] of [[n.left, left], [n.right, right]] as const) {
        if (t.kind !== 'any' && !(t.kind === 'scalar' && t.name === 'Boolean')) ctx.report(side, `${n.op} needs true or false on both sides, not ${describeType(t)}`)
      }
      return BOOLEAN
    case '+':
      if (isStringLike(left) || isStringLike(right)) return STRING
      return arithmetic(n, left, right, ctx)
    case '-':
    case '*':
    case 'mod':
      return arithmetic(n, left, right, ctx)
    case 'div':
      arithmetic(n, left, right, ctx)
      return DECIMAL
    default:
      checkComparison(n, left, right, ctx.scope.index, ctx.report)
      return BOOLEAN
  }
}

function isStringLike(t: FlowType): boolean {
  return t.kind === 'scalar' && (t.name === 'String' || t.name === 'Enum')
}

function arithmetic(n: Extract<ExprNode, { kind: 'binary' }>, left: FlowType, right: FlowType, ctx: Ctx): FlowType {
  if (left.kind === 'any' || right.kind === 'any') return ANY
  if (left.kind === 'null' || right.kind === 'null') return left.kind === 'null' ? right : left
  if (isNumeric(left) && isNumeric(right)) return widerNumber(left, right)
  ctx.report(n, `${n.op} needs numbers, not ${describeType(left)} and ${describeType(right)}${n.op === '+' ? ' (+ also joins text)' : ''}`)
  return ANY
}

function conditionalType(n: Extract<ExprNode, { kind: 'if' }>, ctx: Ctx, visit: Visit): FlowType {
  const c = visit(n.condition)
  if (c.kind !== 'any' && !(c.kind === 'scalar' && c.name === 'Boolean')) ctx.report(n.condition, `the condition of if must be true or false, not ${describeType(c)}`)
  const a = visit(n.then)
  const b = visit(n.else)
  const joined = join(a, b)
  if (!joined) ctx.report(n.else, `then gives ${describeType(a)} but else gives ${describeType(b)}; both branches must have one type`)
  return joined ?? ANY
}

/** The one type two branches share, if any. */
export function join(a: FlowType, b: FlowType): FlowType | undefined {
  if (a.kind === 'any' || b.kind === 'any') return ANY
  if (a.kind === 'null') return b
  if (b.kind === 'null') return a
  if (isNumeric(a) && isNumeric(b)) return widerNumber(a, b)
  return describeType(a) === describeType(b) ? a : undefined
}

function callType(n: Extract<ExprNode, { kind: 'call' }>, ctx: Ctx, visit: Visit): FlowType {
  const args = n.args.map(visit)
  const f = FUNCTIONS[n.name]
  if (!f || !Object.hasOwn(FUNCTIONS, n.name)) {
    const hint = closest(n.name, Object.keys(FUNCTIONS))
    ctx.report({ start: n.start, end: n.start + n.name.length }, `unknown function ${n.name}${hint ? ` (did you mean ${hint}?)` : ''}; see docs/flows.md for the functions`)
    return ANY
  }
  const min = f.params.length - f.optional
  if (args.length < min || (!f.variadic && args.length > f.params.length)) {
    const count = f.optional > 0 ? `${min} to ${f.params.length}` : f.variadic ? `at least ${min}` : String(min)
    ctx.report(n, `${n.name} takes ${count} argument(s), not ${args.length}`)
    return f.result(args)
  }
  args.forEach((t, i) => {
    const param = f.params[Math.min(i, f.params.length - 1)] ?? 'any'
    const arg = n.args[i] as ExprNode
    if (isTemporal(param) && arg.kind === 'literal' && typeof arg.value === 'string') {
      if (!isDate(arg.value) && normalizeDateTime(arg.value) === undefined) ctx.report(arg, `'${arg.value}' is not a date (YYYY-MM-DD) or a date-time with a zone`)
      return
    }
    if (!fitsParam(t, param)) ctx.report(n.args[i] as ExprNode, `argument ${i + 1} of ${n.name} must be ${describeParam(param, t)}`)
  })
  checkPatternLiterals(n, ctx)
  return f.result(args)
}

function isTemporal(param: string): boolean {
  return param === 'temporal' || param === 'date' || param === 'dateTime'
}

/** Date patterns and time zones given as literals are checked now, not when the flow runs. */
function checkPatternLiterals(n: Extract<ExprNode, { kind: 'call' }>, ctx: Ctx): void {
  const at: Record<string, [number | undefined, number | undefined]> = {
    formatDate: [1, 2],
    parseDate: [1, undefined],
    parseDateTime: [1, 2],
    today: [undefined, 0],
  }
  const [p, z] = at[n.name] ?? [undefined, undefined]
  const literal = (i: number | undefined) => {
    const a = i === undefined ? undefined : n.args[i]
    return a?.kind === 'literal' && typeof a.value === 'string' ? a : undefined
  }
  const pattern = literal(p)
  const zone = literal(z)
  const problem = pattern || zone ? temporalProblem(pattern?.value as string | undefined, zone?.value as string | undefined) : undefined
  if (problem) ctx.report(pattern ?? zone ?? n, problem)
}
