import type { Navigation } from '../../model/index.js'
import { normalizeDateTime, type Row } from '../../kernel/index.js'
import { flowErrors } from '../errors.js'
import type { ExprNode } from './expression-ast.js'
import { FUNCTIONS, type CallContext } from './expression-functions.js'
import type { CheckedExpression } from './check-expression.js'
import type { PathStep } from './resolve-member.js'
import { arithmetic, compareValues, truthy } from './value-semantics.js'

/** What an expression reads when it runs: variables, the clock, and objects through navigations. */
export interface EvaluationEnv {
  readonly variables: ReadonlyMap<string, unknown>
  readonly call: CallContext
  /** The object of `entity` with that id (the flow's transaction sees its own writes). */
  load(entity: string, id: number): Promise<Row | undefined>
  /** The objects a to-many (or inverse one-to-one) navigation leads to from `owner`. */
  loadMany(navigation: Navigation, owner: Row): Promise<Row[]>
}

type Fn = (env: EvaluationEnv) => unknown

const DATE_TIME_TYPE = { kind: 'scalar', name: 'DateTime' } as const

/** A closure per node; `async` when some path loads objects, so plain expressions never await. */
export interface CompiledExpression {
  readonly async: boolean
  evaluate(env: EvaluationEnv): unknown
}

/** Compiles a checked expression once; evaluation interprets nothing (and never uses eval). */
export function compileExpression(checked: CheckedExpression): CompiledExpression {
  const c = compileNode(checked.node, checked)
  return { async: c.async, evaluate: c.fn }
}

interface Compiled {
  readonly fn: Fn
  readonly async: boolean
}

const sync = (fn: Fn): Compiled => ({ fn, async: false })

/** Combines children: a sync closure when all are sync, else one that awaits them in order. */
function lift(children: readonly Compiled[], f: (values: unknown[], env: EvaluationEnv) => unknown): Compiled {
  const fns = children.map((c) => c.fn)
  if (!children.some((c) => c.async)) return sync((env) => f(fns.map((g) => g(env)), env))
  return {
    async: true,
    fn: async (env) => {
      const values: unknown[] = []
      for (const g of fns) values.push(await g(env))
      return f(values, env)
    },
  }
}

function compileNode(n: ExprNode, checked: CheckedExpression): Compiled {
  const sub = (child: ExprNode) => compileNode(child, checked)
  switch (n.kind) {
    case 'literal': {
      const value = n.value
      return sync(() => value)
    }
    case 'variable':
      return compilePath((env) => env.variables.get(n.name) ?? null, checked.paths.get(n) ?? [])
    case 'member':
      return sync(() => {
        throw flowErrors.create('FLOW_NOT_COMPILABLE', `'${n.path.map((s) => s.name).join('/')}' names a member outside a query`)
      })
    case 'unary':
      return lift([sub(n.operand)], ([v]) => (n.op === 'not' ? !truthy(v) : v === null || v === undefined ? null : -(v as number)))
    case 'binary':
      return compileBinary(n, checked, sub)
    case 'if':
      return compileConditional(sub(n.condition), sub(n.then), sub(n.else))
    case 'call':
      return compileCall(n, n.args.map((a, i) => sub(temporalParam(n.name, i) ? literalAs(a, DATE_TIME_TYPE) : a)))
  }
}

function compileBinary(n: Extract<ExprNode, { kind: 'binary' }>, checked: CheckedExpression, sub: (c: ExprNode) => Compiled): Compiled {
  const left = sub(literalAs(n.left, checked.types.get(n.right)))
  const right = sub(literalAs(n.right, checked.types.get(n.left)))
  if (n.op === 'and' || n.op === 'or') return compileLogic(n.op, left, right)
  if (n.op === '+' || n.op === '-' || n.op === '*' || n.op === 'div' || n.op === 'mod') {
    const type = checked.types.get(n)
    const text = n.op === '+' && type?.kind === 'scalar' && type.name === 'String'
    return lift([left, right], ([a, b]) => arithmetic(n.op, a, b, text))
  }
  return lift([left, right], ([a, b]) => compareValues(n.op, a, b))
}

/** A text literal compared with a date-time is normalised once, so stored and literal text compare exactly. */
function literalAs(side: ExprNode, other: { kind: string; name?: string } | undefined): ExprNode {
  if (side.kind !== 'literal' || typeof side.value !== 'string' || side.value.length <= 10 || other?.kind !== 'scalar' || other.name !== 'DateTime') return side
  return { ...side, value: normalizeDateTime(side.value) ?? side.value }
}

function compileLogic(op: 'and' | 'or', left: Compiled, right: Compiled): Compiled {
  const stop = op === 'or'
  if (!left.async && !right.async) return sync((env) => (truthy(left.fn(env)) === stop ? stop : truthy(right.fn(env))))
  return { async: true, fn: async (env) => (truthy(await left.fn(env)) === stop ? stop : truthy(await right.fn(env))) }
}

function compileConditional(c: Compiled, a: Compiled, b: Compiled): Compiled {
  if (!c.async && !a.async && !b.async) return sync((env) => (truthy(c.fn(env)) ? a.fn(env) : b.fn(env)))
  return { async: true, fn: async (env) => ((truthy(await c.fn(env)) ? a.fn(env) : b.fn(env))) }
}

/** A text literal given for a date parameter is normalised once, like one compared with a date-time. */
function temporalParam(name: string, i: number): boolean {
  const f = FUNCTIONS[name]
  const param = f?.params[Math.min(i, f.params.length - 1)]
  return param === 'temporal' || param === 'dateTime'
}

function compileCall(n: Extract<ExprNode, { kind: 'call' }>, args: readonly Compiled[]): Compiled {
  const f = FUNCTIONS[n.name]
  if (!f) return sync(() => null)
  return lift(args, (values, env) => {
    if (!f.nullable && values.some((v) => v === null || v === undefined)) return null
    return f.run(values, env.call)
  })
}

function compilePath(start: Fn, steps: readonly PathStep[]): Compiled {
  if (steps.length === 0) return sync(start)
  if (!steps.some((s) => s.kind === 'one' || s.kind === 'many')) {
    return sync((env) => steps.reduce<unknown>((v, s) => readField(v, s.name), start(env)))
  }
  return {
    async: true,
    fn: async (env) => {
      let v = start(env)
      for (const s of steps) v = s.kind === 'one' || s.kind === 'many' ? await navigate(v, s, env) : readField(v, s.name)
      return v
    },
  }
}

/** Own properties only: a payload's `constructor` or `__proto__` is never the prototype's. */
function readField(v: unknown, name: string): unknown {
  if (v === null || v === undefined || typeof v !== 'object' || !Object.hasOwn(v, name)) return null
  return (v as Record<string, unknown>)[name] ?? null
}

async function navigate(v: unknown, step: Extract<PathStep, { kind: 'one' | 'many' }>, env: EvaluationEnv): Promise<unknown> {
  if (v === null || v === undefined || typeof v !== 'object') return step.kind === 'many' ? [] : null
  const row = v as Row
  const held = Object.hasOwn(row, step.name) ? row[step.name] : undefined
  if (step.kind === 'many') return Array.isArray(held) ? held : env.loadMany(step.navigation, row)
  if (typeof held === 'object' && held !== null) return held
  if (typeof held === 'number') return (await env.load(step.navigation.target.qualifiedName, held)) ?? null
  if (step.navigation.direction === 'inverse') return (await env.loadMany(step.navigation, row))[0] ?? null
  return null
}
