import type { Row } from '../../kernel/index.js'
import { isIn, lit, prop } from '../../query/index.js'
import type { ActionParams } from '../action.js'
import { flowErrors } from '../errors.js'
import type { Step } from '../flow-declaration.js'
import { build, evaluate, type RunContext } from './run-context.js'

const CHUNK = 500

/**
 * An `export` step: the rows are read again with what the mapping needs expanded (lookup
 * targets, nested lines), in chunks, and written as one text (or bytes) into `as`.
 */
export async function runExport(ctx: RunContext, step: Extract<Step, { kind: 'export' }>): Promise<void> {
  const local = `${ctx.flow.declaration.module}.${step.mapping}`
  const mapping = ctx.services.mappings.has(local) ? ctx.services.mappings.get(local) : ctx.services.mappings.get(step.mapping)
  const given = (await evaluate(ctx, step.rows)) as readonly Row[] | null
  const ids = (given ?? []).map((r) => (typeof r === 'object' && r !== null ? (r.id as number) : (r as number)))
  const rows: Row[] = []
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK)
    const { rows: found } = await ctx.ops.query({ entity: mapping.entity, filter: isIn(prop('id'), chunk.map((id) => lit(id))), expand: mapping.expand, top: CHUNK })
    const byId = new Map(found.map((r) => [r.id, r]))
    for (const id of chunk) {
      const row = byId.get(id)
      if (row) rows.push(row)
    }
  }
  const parts: (string | Uint8Array)[] = []
  for await (const part of mapping.export(rows, { signal: ctx.signal })) parts.push(part)
  const text = parts.every((p) => typeof p === 'string') ? parts.join('') : Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)))
  ctx.variables.set(step.as, text)
}

/** An `action` step: the custom action runs with the flow's operations; its input is checked against its parameters. */
export async function runAction(ctx: RunContext, step: Extract<Step, { kind: 'action' }>): Promise<void> {
  const action = ctx.services.actions.get(step.name)
  if (!action) throw flowErrors.create('FLOW_ACTION_UNKNOWN', `flow ${ctx.flow.name}: no custom action '${step.name}' is loaded`, { target: step.name })
  const input = step.input ? await build(ctx, step.input) : {}
  if (action.input) checkActionInput(step.name, action.input, input)
  const log = ctx.services.log.child({ flow: ctx.flow.name, action: step.name })
  const result = await action.run({ ops: ctx.ops, log, flow: ctx.flow.name, now: ctx.now, signal: ctx.signal }, (input ?? {}) as never)
  if (step.as) ctx.variables.set(step.as, result ?? null)
}

const CHECKS: Readonly<Record<string, (v: unknown) => boolean>> = {
  String: (v) => typeof v === 'string',
  Date: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v),
  DateTime: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
  Integer: (v) => typeof v === 'number' && Number.isInteger(v),
  Long: (v) => typeof v === 'number' && Number.isInteger(v),
  Decimal: (v) => typeof v === 'number',
  Boolean: (v) => typeof v === 'boolean',
  Object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  List: (v) => Array.isArray(v),
  Any: () => true,
}

/** The values given to an action must be its declared parameters, of their types. */
export function checkActionInput(name: string, params: ActionParams, input: unknown): void {
  const given = (typeof input === 'object' && input !== null ? input : {}) as Readonly<Record<string, unknown>>
  const problems: string[] = []
  for (const key of Object.keys(given)) if (!Object.hasOwn(params, key)) problems.push(`'${key}' is not a parameter`)
  for (const [key, type] of Object.entries(params)) {
    const optional = type.endsWith('?')
    const v = given[key]
    if (v === undefined || v === null) {
      if (!optional) problems.push(`'${key}' is required`)
    } else if (!(CHECKS[type.replace('?', '')] ?? CHECKS.Any)?.(v)) problems.push(`'${key}' must be ${type.replace('?', '')}`)
  }
  if (problems.length > 0) throw flowErrors.create('FLOW_ACTION_INPUT', `action ${name}: ${problems.join('; ')}`, { target: name })
}
