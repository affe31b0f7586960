import type { ArithmeticExpr, CallExpr, CompareExpr, CountExpr, Expr, InExpr, LambdaExpr, LiteralExpr } from './ast.js'
import { queryErrors } from './errors.js'
import { FUNCTION_NAMES, FUNCTION_SIGNATURES } from './function-signatures.js'
import { checkTemporalArith } from './check-temporal.js'
import { canonicalPattern } from './regex-pattern.js'
import { adaptsToContext, inferLiteralType, literalInfo, normaliseLiteral } from './literal-values.js'
import { resolveCollectionPath, resolveValuePath, type CheckEnv, type Scope } from './resolve-path.js'
import type { TypedExpr, TypedLiteral, ValueInfo, ValueType } from './typed-query.js'
import { PREDICATE_INFO } from './typed-query.js'
import { comparable, describeType, isIntegral, isNumeric, orderable, promote } from './value-types.js'

/**
 * Checks one expression against the model: resolves paths, types every node, adapts
 * string literals to the dates, UUIDs and enumeration values they are compared with, and
 * refuses what the language does not allow, before any SQL exists.
 */
export function checkExpr(expr: Expr, env: CheckEnv): TypedExpr {
  switch (expr.kind) {
    case 'literal':
      return checkLiteral(expr, env.slots?.get(expr))
    case 'property':
      return resolveValuePath(env, expr.path, expr.variable)
    case 'compare':
      return checkCompare(expr, env)
    case 'and':
    case 'or':
      return checkLogical(expr.kind, expr.operands, env)
    case 'not':
      return { kind: 'not', operand: checkPredicate(expr.operand, env, 'not'), info: PREDICATE_INFO }
    case 'arith':
      return checkArith(expr, env)
    case 'negate':
      return checkNegate(expr.operand, env)
    case 'in':
      return checkIn(expr, env)
    case 'call':
      return checkCall(expr, env)
    case 'any':
    case 'all':
      return checkLambda(expr, env)
    case 'count':
      return checkCount(expr, env)
    default:
      throw queryErrors.create('QUERY_BAD_ARGUMENTS', `unknown expression kind '${(expr as { kind?: unknown }).kind}'`)
  }
}

/** Checks an expression that must be a truth value (a filter, a lambda predicate, `having`). */
export function checkPredicate(expr: Expr, env: CheckEnv, where: string): TypedExpr {
  const typed = checkExpr(expr, env)
  if (typed.info.type !== 'Boolean' && typed.info.type !== 'Null') {
    throw mismatch(`${where} needs a true/false expression, but ${describe(expr)} is ${describeType(typed.info)}`, where)
  }
  return typed
}

function mismatch(message: string, target: string) {
  return queryErrors.create('QUERY_TYPE_MISMATCH', message, { target })
}

/** How an expression is named in messages. */
export function describe(expr: Expr): string {
  switch (expr.kind) {
    case 'property':
      return `${expr.variable ? `${expr.variable}/` : ''}${expr.path.join('/')}`
    case 'literal':
      return JSON.stringify(expr.value)
    case 'call':
      return `${expr.name}(…)`
    default:
      return `a '${expr.kind}' expression`
  }
}

function checkLiteral(expr: LiteralExpr, slot: number | undefined): TypedLiteral {
  const declared = expr.type
  const numbered = slot === undefined ? {} : { slot }
  if (declared === undefined || declared === 'String' || declared === 'Enum') {
    const type = inferLiteralType(expr.value)
    if (declared !== undefined && type !== 'String' && type !== 'Null') throw queryErrors.create('QUERY_BAD_LITERAL', `${JSON.stringify(expr.value)} is not text`)
    return { kind: 'literal', value: expr.value, info: literalInfo(type, expr.value), ...numbered }
  }
  let type: ValueType = declared
  if (declared === 'Integer' && typeof expr.value === 'number') type = inferLiteralType(expr.value) === 'Long' ? 'Long' : 'Integer'
  const value = normaliseLiteral(expr.value, type)
  return { kind: 'literal', value, info: literalInfo(expr.value === null ? 'Null' : type, value), ...numbered }
}

/** Re-reads a string literal as the date, UUID or enumeration value it is compared with. */
export function adaptLiteral(raw: Expr, typed: TypedExpr, context: ValueInfo, env: CheckEnv): TypedExpr {
  if (raw.kind !== 'literal') return typed
  if (raw.type === 'Enum' && context.type !== 'Enum' && raw.value !== null) {
    throw queryErrors.create('QUERY_BAD_LITERAL', `${JSON.stringify(raw.value)} is an enumeration value but is compared with ${describeType(context)}`)
  }
  if (!adaptsToContext(raw.type, raw.value, context.type)) return typed
  const enumeration = context.enumeration ? env.index.enumeration(context.enumeration) : undefined
  const value = normaliseLiteral(raw.value, context.type, enumeration ? { enumeration } : {})
  const slot = typed.kind === 'literal' ? typed.slot : undefined
  return { kind: 'literal', value, info: literalInfo(context.type, value, context.enumeration), ...(slot === undefined ? {} : { slot }) }
}

function checkCompare(expr: CompareExpr, env: CheckEnv): TypedExpr {
  const left0 = checkExpr(expr.left, env)
  const right0 = checkExpr(expr.right, env)
  const left = adaptLiteral(expr.left, left0, right0.info, env)
  const right = adaptLiteral(expr.right, right0, left.info, env)
  if (!comparable(left.info, right.info)) {
    throw mismatch(`cannot compare ${describe(expr.left)} (${describeType(left.info)}) with ${describe(expr.right)} (${describeType(right.info)})`, describe(expr.left))
  }
  const ordering = expr.op !== 'eq' && expr.op !== 'ne'
  if (ordering && (!orderable(left.info.type) || !orderable(right.info.type))) {
    throw mismatch(`${expr.op} needs ordered values; ${describe(expr.left)} is ${describeType(left.info)}`, describe(expr.left))
  }
  if (!['eq', 'ne', 'lt', 'le', 'gt', 'ge'].includes(expr.op)) throw queryErrors.create('QUERY_BAD_ARGUMENTS', `unknown comparison '${expr.op}'`)
  return { kind: 'compare', op: expr.op, left, right, info: PREDICATE_INFO }
}

function checkLogical(kind: 'and' | 'or', operands: readonly Expr[], env: CheckEnv): TypedExpr {
  if (!Array.isArray(operands) || operands.length === 0) {
    throw queryErrors.create('QUERY_BAD_ARGUMENTS', `'${kind}' needs at least one operand`, { target: kind })
  }
  return { kind, operands: operands.map((o) => checkPredicate(o, env, kind)), info: PREDICATE_INFO }
}

function numericOperand(expr: Expr, typed: TypedExpr, op: string): TypedExpr {
  if (!isNumeric(typed.info.type) && typed.info.type !== 'Null') {
    throw mismatch(`${op} needs numbers, but ${describe(expr)} is ${describeType(typed.info)}`, describe(expr))
  }
  return typed
}

function checkArith(expr: ArithmeticExpr, env: CheckEnv): TypedExpr {
  if (!['add', 'sub', 'mul', 'div', 'divby', 'mod'].includes(expr.op)) throw queryErrors.create('QUERY_BAD_ARGUMENTS', `unknown arithmetic operator '${expr.op}'`)
  const left0 = checkExpr(expr.left, env)
  const right0 = checkExpr(expr.right, env)
  const temporal = checkTemporalArith(expr, left0, right0, env)
  if (temporal) return temporal
  const left = numericOperand(expr.left, left0, expr.op)
  const right = numericOperand(expr.right, right0, expr.op)
  const integral = isIntegral(promote(left.info.type, right.info.type)) || promote(left.info.type, right.info.type) === 'Null'
  let type = promote(left.info.type, right.info.type)
  if (expr.op === 'divby' && (isIntegral(type) || type === 'Null')) type = 'Decimal'
  const divides = expr.op === 'div' || expr.op === 'divby' || expr.op === 'mod'
  const safeDivisor = right.kind === 'literal' && typeof right.value === 'number' && right.value !== 0
  const nullable = left.info.nullable || right.info.nullable || (divides && !safeDivisor)
  return { kind: 'arith', op: expr.op, left, right, integral: integral && expr.op !== 'divby', info: { type, nullable } }
}

/** −x of a number or a duration. */
function checkNegate(operand: Expr, env: CheckEnv): TypedExpr {
  const checked = checkExpr(operand, env)
  const typed = checked.info.type === 'Duration' ? checked : numericOperand(operand, checked, 'negate')
  return { kind: 'negate', operand: typed, info: { type: typed.info.type, nullable: typed.info.nullable } }
}

function checkIn(expr: InExpr, env: CheckEnv): TypedExpr {
  if (!Array.isArray(expr.values)) throw queryErrors.create('QUERY_BAD_ARGUMENTS', `'in' needs a list of values`, { target: 'in' })
  const operand0 = checkExpr(expr.operand, env)
  const values = expr.values.map((raw) => {
    const value = adaptLiteral(raw, checkExpr(raw, env), operand0.info, env)
    if (!comparable(operand0.info, value.info)) {
      throw mismatch(`cannot compare ${describe(expr.operand)} (${describeType(operand0.info)}) with ${describe(raw)} (${describeType(value.info)}) in 'in'`, describe(expr.operand))
    }
    return value
  })
  const first = values.find((v) => v.info.type !== 'Null')
  const operand = first ? adaptLiteral(expr.operand, operand0, first.info, env) : operand0
  return { kind: 'in', operand, values, info: PREDICATE_INFO }
}

function checkCall(expr: CallExpr, env: CheckEnv): TypedExpr {
  const signature = Object.hasOwn(FUNCTION_SIGNATURES, expr.name) ? FUNCTION_SIGNATURES[expr.name] : undefined
  if (!signature) {
    throw queryErrors.create('QUERY_UNKNOWN_FUNCTION', `'${expr.name}' is not a function; functions: ${FUNCTION_NAMES.join(', ')}`, { target: String(expr.name) })
  }
  if (signature.unsupported) throw queryErrors.create('QUERY_UNSUPPORTED_FUNCTION', `${expr.name} is not supported: ${signature.unsupported}`, { target: expr.name })
  const args = Array.isArray(expr.args) ? expr.args : []
  const max = signature.params.length
  const min = max - signature.optional
  if (args.length < min || args.length > max) {
    const count = min === max ? `${min}` : `${min} or ${max}`
    throw queryErrors.create('QUERY_BAD_ARGUMENTS', `${expr.name} takes ${count} argument${max === 1 ? '' : 's'}, got ${args.length}`, { target: expr.name })
  }
  const typed = args.map((raw, i) => {
    const arg = checkExpr(raw, env)
    const allowed = signature.params[i] ?? []
    if (arg.info.type !== 'Null' && !allowed.includes(arg.info.type)) {
      throw mismatch(`argument ${i + 1} of ${expr.name} must be ${allowed.join(' or ')}, but ${describe(raw)} is ${describeType(arg.info)}`, expr.name)
    }
    return arg
  })
  if (expr.name === 'substring') checkSubstringLength(typed[2])
  const type = signature.result === 'same' ? (typed[0]?.info.type ?? 'Null') : signature.result
  const nullable = !signature.predicate && typed.some((a) => a.info.nullable)
  return { kind: 'call', name: expr.name, args: expr.name === 'matchesPattern' ? withPattern(typed) : typed, info: { type, nullable } }
}

/** OData 4.01: a negative substring length is a bad request (a computed one gives the empty string). */
function checkSubstringLength(length: TypedExpr | undefined): void {
  if (length?.kind === 'literal' && typeof length.value === 'number' && length.value < 0) {
    throw queryErrors.create('QUERY_BAD_ARGUMENTS', `the length of substring must not be negative, got ${length.value}`, { target: 'substring' })
  }
}

/** The pattern of `matchesPattern` is a text literal, read and rewritten in its canonical form (see regex-pattern.ts). */
function withPattern(args: readonly TypedExpr[]): TypedExpr[] {
  const [value, pattern] = args as [TypedExpr, TypedExpr]
  if (pattern.kind !== 'literal' || (pattern.value !== null && typeof pattern.value !== 'string')) {
    throw queryErrors.create('QUERY_BAD_ARGUMENTS', 'the pattern of matchesPattern must be a text literal (or a parameter alias holding one)', { target: 'matchesPattern' })
  }
  const canonical = pattern.value === null ? null : canonicalPattern(pattern.value)
  return [value, { ...pattern, value: canonical, info: { ...pattern.info, pattern: true } }]
}

function newScope(env: CheckEnv, entity: Scope['entity'], name: string): Scope {
  return { id: `${name}#${env.sequence.next++}`, entity }
}

function checkLambda(expr: LambdaExpr, env: CheckEnv): TypedExpr {
  const path = resolveCollectionPath(env, expr.path, expr.variable)
  if (typeof expr.as !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(expr.as)) {
    throw queryErrors.create('QUERY_BAD_ARGUMENTS', `${expr.kind} needs a variable name, got ${JSON.stringify(expr.as)}`, { target: expr.kind })
  }
  if (expr.kind === 'all' && expr.predicate === undefined) {
    throw queryErrors.create('QUERY_BAD_ARGUMENTS', 'all needs a predicate', { target: expr.as })
  }
  const element = newScope(env, path.element, expr.as)
  // An inner variable of the same name shadows the outer one (as in OData).
  const inner: CheckEnv = { ...env, variables: new Map([...env.variables, [expr.as, element]]) }
  const predicate = expr.predicate === undefined ? undefined : checkPredicate(expr.predicate, inner, expr.kind)
  const { element: _entity, ...collection } = path
  return { kind: expr.kind, path: collection, element: element.id, ...(predicate ? { predicate } : {}), info: PREDICATE_INFO }
}

function checkCount(expr: CountExpr, env: CheckEnv): TypedExpr {
  const path = resolveCollectionPath(env, expr.path, expr.variable)
  const element = newScope(env, path.element, '$count')
  const inner: CheckEnv = { ...env, implicit: element, computed: new Map() }
  const filter = expr.filter === undefined ? undefined : checkPredicate(expr.filter, inner, 'count')
  const { element: _entity, ...collection } = path
  return { kind: 'count', path: collection, element: element.id, ...(filter ? { filter } : {}), info: { type: 'Long', nullable: false } }
}
