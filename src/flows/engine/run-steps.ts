import { flowErrors } from '../errors.js'
import type { Step } from '../flow-declaration.js'
import { runImport } from './import-step.js'
import { runAction, runExport } from './other-steps.js'
import { build, evaluate, evaluationEnv, message, type RunContext } from './run-context.js'
import { runWrite } from './write-steps.js'

/** How a list of steps ended: run to the end, or a `return` with its value. */
export type StepsOutcome = { readonly returned: false } | { readonly returned: true; readonly value: unknown }

const CONTINUE: StepsOutcome = Object.freeze({ returned: false })

/** Runs steps in order; a `return` stops every enclosing list. */
export async function runSteps(ctx: RunContext, steps: readonly Step[]): Promise<StepsOutcome> {
  for (const step of steps) {
    ctx.signal.throwIfAborted()
    const outcome = await runStep(ctx, step)
    if (outcome.returned) return outcome
  }
  return CONTINUE
}

async function runStep(ctx: RunContext, step: Step): Promise<StepsOutcome> {
  switch (step.kind) {
    case 'import':
      await runImport(ctx, step)
      return CONTINUE
    case 'export':
      await runExport(ctx, step)
      return CONTINUE
    case 'create':
    case 'update':
    case 'upsert':
    case 'delete':
      await runWrite(ctx, step)
      return CONTINUE
    case 'query':
      await runQuery(ctx, step)
      return CONTINUE
    case 'action':
      await runAction(ctx, step)
      return CONTINUE
    default:
      return runControl(ctx, step)
  }
}

async function runControl(ctx: RunContext, step: Step): Promise<StepsOutcome> {
  switch (step.kind) {
    case 'if':
      return runSteps(ctx, (await evaluate(ctx, step.condition)) === true ? step.then : step.else)
    case 'forEach': {
      const list = ((await evaluate(ctx, step.in)) ?? []) as readonly unknown[]
      for (const item of list) {
        ctx.variables.set(step.as, item)
        const outcome = await runSteps(ctx, step.steps)
        if (outcome.returned) return outcome
      }
      return CONTINUE
    }
    case 'validate':
      if ((await evaluate(ctx, step.condition)) !== true) throw flowErrors.create('FLOW_VALIDATION_FAILED', await message(ctx, step.message))
      return CONTINUE
    case 'fail':
      throw flowErrors.create('FLOW_FAILED', await message(ctx, step.message))
    case 'return':
      return { returned: true, value: await build(ctx, step.value) }
    default:
      return runSimple(ctx, step)
  }
}

async function runSimple(ctx: RunContext, step: Step): Promise<StepsOutcome> {
  switch (step.kind) {
    case 'set':
      for (const [name, source] of step.variables) ctx.variables.set(name, await evaluate(ctx, source))
      return CONTINUE
    case 'publish': {
      const key = step.key ? await evaluate(ctx, step.key) : undefined
      const payload = await build(ctx, step.payload)
      await ctx.ops.publish({ channel: step.channel, payload, ...(key === undefined || key === null ? {} : { key: String(key) }), headers: { 'portico-flow': ctx.flow.name } })
      return CONTINUE
    }
    default:
      throw flowErrors.create('FLOW_NOT_WIRED', `flow ${ctx.flow.name}: ${step.kind} steps are not wired yet`)
  }
}

async function runQuery(ctx: RunContext, step: Extract<Step, { kind: 'query' }>): Promise<void> {
  const filter = step.where ? await ctx.flow.filter(step.where)(evaluationEnv(ctx)) : undefined
  const orderBy = (step.orderBy ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((item) => {
    const [member = '', direction] = item.split(/\s+/)
    return { expr: { kind: 'property' as const, path: [member] }, direction: direction === 'desc' ? ('desc' as const) : ('asc' as const) }
  })
  const { rows } = await ctx.ops.query({ entity: step.entity, ...(filter ? { filter } : {}), ...(orderBy.length > 0 ? { orderBy } : {}), ...(step.top ? { top: step.top } : {}) })
  ctx.variables.set(step.as, rows)
}
