import type { Logger } from 'pino'
import type { EntityOperations, Row } from '../../kernel/index.js'
import type { MappingRegistry } from '../../mapping/index.js'
import type { ModelIndex, Navigation } from '../../model/index.js'
import { asc, eq, lit, prop, type Literal } from '../../query/index.js'
import type { ActionDefinition } from '../action.js'
import type { EvaluationEnv } from '../expression/compile-expression.js'
import type { MessageText, Source, Template } from '../flow-declaration.js'
import type { CompiledFlow } from './compiled-flow.js'
import type { RunReport } from './run-report.js'

/** What the engine gives every run: the model, mappings and actions. */
export interface EngineServices {
  readonly index: ModelIndex
  readonly mappings: MappingRegistry
  readonly actions: ReadonlyMap<string, ActionDefinition>
  readonly log: Logger
}

/** One run of one flow: its operations (the transaction, when it has one), variables and report. */
export interface RunContext {
  readonly flow: CompiledFlow
  readonly ops: EntityOperations
  readonly variables: Map<string, unknown>
  readonly now: Date
  readonly signal: AbortSignal
  readonly report: RunReport
  readonly services: EngineServices
}

const PAGE = 1000

/** The environment expressions of this run read: its variables, clock and the kernel. */
export function evaluationEnv(ctx: RunContext): EvaluationEnv {
  return {
    variables: ctx.variables,
    call: { now: () => ctx.now },
    load: (entity, id) => ctx.ops.find(entity, id),
    loadMany: (navigation, owner) => loadMany(ctx.ops, navigation, owner),
  }
}

/** The objects a to-many navigation leads to, page by page in id order. */
async function loadMany(ops: EntityOperations, navigation: Navigation, owner: Row): Promise<Row[]> {
  if (navigation.direction === 'forward') {
    const row = await ops.read(navigation.source.qualifiedName, owner.id as number, { expand: [{ navigation: navigation.name, query: {} }] })
    return (row[navigation.name] as Row[] | undefined) ?? []
  }
  const out: Row[] = []
  let after: Literal[] | undefined
  for (;;) {
    const filter = eq(prop(navigation.association.name), lit(owner.id as number))
    const { rows } = await ops.query({ entity: navigation.target.qualifiedName, filter, orderBy: [asc(prop('id'))], top: PAGE, ...(after ? { after } : {}) })
    out.push(...rows)
    if (rows.length < PAGE) return out
    const last = rows[rows.length - 1]?.id as number
    after = [last, last]
  }
}

export async function evaluate(ctx: RunContext, source: Source): Promise<unknown> {
  return ctx.flow.expression(source).evaluate(evaluationEnv(ctx))
}

/** Builds a template's value: expressions evaluated, maps and lists entry by entry. */
export async function build(ctx: RunContext, t: Template): Promise<unknown> {
  switch (t.kind) {
    case 'expr':
      return evaluate(ctx, t.source)
    case 'const':
      return t.value
    case 'list': {
      const out: unknown[] = []
      for (const item of t.items) out.push(await build(ctx, item))
      return out
    }
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [k, v] of t.entries) out[k] = await build(ctx, v)
      return out
    }
  }
}

/** A message with its `{…}` parts filled in. */
export async function message(ctx: RunContext, text: MessageText): Promise<string> {
  let out = ''
  for (const part of text.parts) {
    if (typeof part === 'string') out += part
    else {
      const v = await evaluate(ctx, part)
      out += v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)
    }
  }
  return out
}
