import type { Row } from '../../kernel/index.js'
import type { EntityModel } from '../../model/index.js'
import { flowErrors } from '../errors.js'
import { roundTo } from '../expression/expression-functions.js'
import type { Step, ValueEntry } from '../flow-declaration.js'
import { build, evaluate, type RunContext } from './run-context.js'

type WriteStep = Extract<Step, { kind: 'create' | 'update' | 'upsert' | 'delete' }>

/** Runs a create, update, upsert or delete through the kernel; `as` holds the object written. */
export async function runWrite(ctx: RunContext, step: WriteStep): Promise<void> {
  const entity = ctx.services.index.requireEntity(step.entity)
  if (step.kind === 'delete') {
    await ctx.ops.delete(step.entity, await idOf(ctx, step))
    return
  }
  const values = await buildValues(ctx, entity, step.values)
  let object: Row | undefined
  if (step.kind === 'create') object = await ctx.ops.create(step.entity, values)
  else if (step.kind === 'update') object = await ctx.ops.update(step.entity, await idOf(ctx, step), values)
  else {
    const key = Object.fromEntries(step.key.map((m) => [m, values[m]]))
    const rest = Object.fromEntries(Object.entries(values).filter(([m]) => !step.key.includes(m)))
    object = (await ctx.ops.upsert(step.entity, key, rest, { whenMissing: step.whenMissing })).object
  }
  if (step.as) ctx.variables.set(step.as, object ?? null)
}

async function idOf(ctx: RunContext, step: Extract<WriteStep, { kind: 'update' | 'delete' }>): Promise<number> {
  const v = await evaluate(ctx, step.id)
  const id = typeof v === 'object' && v !== null ? (v as Row).id : v
  if (typeof id !== 'number') throw flowErrors.create('FLOW_EXPRESSION_FAILED', `${step.kind} ${step.entity}: '${step.id.text}' gives no object or id`)
  return id
}

/** The values of a write, each coerced to its member: decimals to the attribute's scale, objects to ids. */
export async function buildValues(ctx: RunContext, entity: EntityModel, entries: readonly ValueEntry[]): Promise<Row> {
  const out: Row = {}
  for (const entry of entries) out[entry.member] = coerce(entity, entry.member, await build(ctx, entry.value))
  return out
}

function coerce(entity: EntityModel, member: string, value: unknown): unknown {
  if (value === null || value === undefined) return null
  const attribute = entity.attributes.find((a) => a.name === member)
  if (attribute?.type.kind === 'Decimal' && typeof value === 'number') return roundTo(value, attribute.type.scale)
  if (attribute) return value
  if (Array.isArray(value)) return value.map(idOfValue)
  return idOfValue(value)
}

function idOfValue(value: unknown): unknown {
  return typeof value === 'object' && value !== null && 'id' in value ? (value as Row).id : value
}
