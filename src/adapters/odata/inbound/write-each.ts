import type { EntityOperations, Row } from '../../../kernel/index.js'
import { odataErrors } from '../odata-errors.js'
import { translateLevel } from '../query/translate-options.js'
import { bindForward } from './create-entity.js'
import { contextUrl, jsonResponse, noContent, type HandlerContext, type ODataResponse } from './handler-context.js'
import { preferenceApplied } from './negotiate.js'
import { readPayload } from './payload.js'
import type { CollectionTarget } from './resolve-target.js'
import { entityJson } from './serialize.js'
import { requireCapability } from './write-checks.js'
import { jsonBody } from './write-entity.js'

/**
 * `PATCH …/$each` (Protocol, "Update Members of a Collection"): the body is merged
 * into every member the caller can read, in one kernel transaction — one member the caller
 * may not change, or one failing write, and nothing is changed. `204`, or with
 * `Prefer: return=representation` (or `$select`/`$expand`) `200` and the updated members.
 */
export async function patchEach(target: CollectionTarget, ctx: HandlerContext): Promise<ODataResponse> {
  requireCapability(target.set, 'updatable')
  const payload = readPayload(jsonBody(ctx), target.set)
  if (payload.nested.size > 0) {
    throw odataErrors.create('ODATA_NOT_IMPLEMENTED', 'nested entities in PATCH …/$each are not supported; use @odata.bind', { target: [...payload.nested.keys()][0]?.name ?? '' })
  }
  const entity = target.set.entity.qualifiedName
  const ids = await ctx.ops.transaction(async (ops) => {
    const values: Row = { ...payload.values }
    await bindForward(payload, values, { ...ctx, ops })
    const members = await membersOf(target, ops, ctx)
    for (const id of members) await ops.update(entity, id, values)
    return members
  })
  // $select or $expand ask for the members unless return=minimal says otherwise (Protocol, "Returning Results from Data Modification Requests").
  const prefer = ctx.negotiated.prefer.returnRepresentation
  const shown = prefer ?? (ctx.options.select !== undefined || ctx.options.expand !== undefined)
  if (!shown) return noContent(preferenceApplied(prefer === false ? ['return=minimal'] : []))
  const { sub, shape } = translateLevel(target.set, { ...(ctx.options.select ? { select: ctx.options.select } : {}), ...(ctx.options.expand ? { expand: ctx.options.expand } : {}) }, ctx)
  const rows: Row[] = []
  for (const id of ids) rows.push(await ctx.ops.read(entity, id, { select: sub.select ?? [], ...(sub.expand?.length ? { expand: sub.expand } : {}) }))
  const body = { ...contextUrl(ctx, target.set.name), value: rows.map((r) => entityJson(r, shape, ctx)) }
  return jsonResponse(200, body, ctx.negotiated, preferenceApplied(prefer ? ['return=representation'] : []))
}

/** `DELETE …/$each`: deletes every member the caller can read, all or nothing, `204`. */
export async function deleteEach(target: CollectionTarget, ctx: HandlerContext): Promise<ODataResponse> {
  requireCapability(target.set, 'deletable')
  const entity = target.set.entity.qualifiedName
  await ctx.ops.transaction(async (ops) => {
    for (const id of await membersOf(target, ops, ctx)) await ops.delete(entity, id)
  })
  return noContent()
}

/** The ids of the members, read in the transaction; more than `maxTop` is refused before anything is written. */
async function membersOf(target: CollectionTarget, ops: EntityOperations, ctx: HandlerContext): Promise<number[]> {
  const max = ctx.limits.maxTop
  const { rows, count } = await ops.query({ entity: target.set.entity.qualifiedName, ...(target.filter ? { filter: target.filter } : {}), select: ['id'], orderBy: [{ expr: { kind: 'property', path: ['id'] }, direction: 'asc' }], top: max, count: true })
  if ((count ?? 0) > max) {
    throw odataErrors.create('ODATA_LIMIT_EXCEEDED', `…/$each addresses more than ${max} entities of ${target.set.name}; narrow it with /$filter(…)`, { target: '$each' })
  }
  return rows.map((r) => r.id as number)
}
