import type { Row } from '../../../kernel/index.js'
import type { ExpandItem } from '../../../query/index.js'
import type { ODataEntitySet, ODataNavigation } from '../service/service-model.js'
import { bindInverse, referenceSetIds, type Created } from './create-entity.js'
import { resolveEntityUrl } from './entity-reference.js'
import type { HandlerContext } from './handler-context.js'
import { bodyVersion, identify, type NestedUnder } from './nested-entity.js'
import { bad, readPayload, type Payload } from './payload.js'
import { applyNested, forwardDelta, inverseDelta, relateExactly, type Removal } from './relate-nested.js'
import { defaultsOf, requireCapability } from './write-checks.js'

type Json = Record<string, unknown>

/** How an update treats what it is not given, and what it must hold. */
export interface UpdateMode {
  /** PUT: exposed writable properties absent from the body get their default or null, in nested entities too. */
  readonly replace: boolean
  /** The version If-Match requires of the entity. */
  readonly expectedVersion?: number
  /** A nested entity under an inverse navigation: its reference back is set to the parent. */
  readonly under?: NestedUnder
}

/**
 * Updates an entity with the navigations nested in the body (deep update, Protocol §11.4.3.1),
 * in the caller's transaction: single-valued ones first (their ids become references), then
 * the entity, then collections whose members refer back to it. A nested collection is the
 * full set of related entities after the update; a `Nav@delta` collection lists changes.
 * `Nav@odata.bind` sets a single-valued navigation and adds to a collection.
 */
export async function updateEntity(set: ODataEntitySet, current: Row, body: Json, ctx: HandlerContext, mode: UpdateMode): Promise<Created> {
  const payload = readPayload(body, set)
  refuseNesting(payload, ctx, mode)
  const version = bodyVersion(body, current, set, ctx) ?? mode.expectedVersion
  const id = current.id as number
  const values: Row = mode.replace ? { ...defaultsOf(set), ...payload.values } : { ...payload.values }
  const back = mode.under && backReference(mode.under.nav)
  if (back && mode.under) values[back] = mode.under.parentId
  const removals: Removal[] = []
  const expand: ExpandItem[] = []
  for (const [nav, entities] of payload.nested) {
    expand.push({ navigation: nav.navigation.name, query: {} })
    if (nav.navigation.direction === 'forward') values[nav.navigation.name] = await forwardNested(nav, entities, ctx, mode)
  }
  for (const [nav, entries] of payload.deltas) {
    expand.push({ navigation: nav.navigation.name, query: {} })
    if (nav.navigation.direction === 'forward') values[nav.navigation.name] = await forwardDelta(await currentSet(set, id, nav, ctx), nav, entries, ctx, removals)
  }
  await bindForward(payload, values, set, id, ctx)
  const row = await ctx.ops.update(set.entity.qualifiedName, id, values, version === undefined ? {} : { expectedVersion: version })
  for (const [nav, entities] of payload.nested) if (nav.navigation.direction === 'inverse') await relateExactly({ set, row, nav }, entities, ctx, mode)
  for (const [nav, entries] of payload.deltas) if (nav.navigation.direction === 'inverse') await inverseDelta({ set, row, nav }, entries, ctx)
  await bindInverse(payload, row, ctx)
  for (const r of removals) {
    requireCapability(r.set, 'deletable')
    await ctx.ops.delete(r.set.entity.qualifiedName, r.id)
  }
  return { row, expand }
}

/** OData 4.0 updates may only bind (§11.4.3.1); a delta needs PATCH. */
function refuseNesting(payload: Payload, ctx: HandlerContext, mode: UpdateMode): void {
  const first = [...payload.nested.keys(), ...payload.deltas.keys()][0]
  if (first && ctx.request.headers['odata-version']?.trim() === '4.0') {
    throw bad(`OData 4.0 updates may not nest related entities (${first.name}); bind them with ${first.name}@odata.bind, or send OData-Version: 4.01`, first.name)
  }
  const delta = [...payload.deltas.keys()][0]
  if (delta && mode.replace) throw bad(`${delta.name}@delta changes a collection and needs PATCH, not PUT`, delta.name)
}

/** The reference member a nested entity under an inverse navigation points back with (not for reference sets). */
export function backReference(nav: ODataNavigation): string | undefined {
  const a = nav.navigation.association
  return nav.navigation.direction === 'inverse' && a.kind !== 'referenceSet' ? a.name : undefined
}

/** A forward navigation's new value from its nested entities: an id (or null), or the ids of a reference set. */
async function forwardNested(nav: ODataNavigation, entities: readonly Json[], ctx: HandlerContext, mode: UpdateMode): Promise<number | number[] | null> {
  const target = ctx.service.set.get(nav.target) as ODataEntitySet
  if (!nav.collection) {
    const e = entities[0]
    if (!e) {
      if (!nav.nullable) throw bad(`${nav.name} is required and cannot be set to null`, nav.name)
      return null
    }
    return applyNested(target, e, await identify(target, e, ctx), ctx, mode)
  }
  const ids: number[] = []
  for (const e of entities) ids.push(await applyNested(target, e, await identify(target, e, ctx), ctx, mode))
  return [...new Set(ids)]
}

/** `Nav@odata.bind` on forward navigations: a single one is replaced, a reference set gains the ids. */
async function bindForward(payload: Payload, values: Row, set: ODataEntitySet, id: number, ctx: HandlerContext): Promise<void> {
  for (const [nav, urls] of payload.binds) {
    if (nav.navigation.direction !== 'forward') continue
    const target = ctx.service.set.get(nav.target) as ODataEntitySet
    const ids: number[] = []
    for (const url of urls) ids.push((await resolveEntityUrl(url, target, ctx)).id as number)
    const name = nav.navigation.name
    values[name] = nav.collection ? [...new Set([...((values[name] as number[] | undefined) ?? (await currentSet(set, id, nav, ctx))), ...ids])] : (ids[0] ?? null)
  }
}

function currentSet(set: ODataEntitySet, id: number, nav: ODataNavigation, ctx: HandlerContext): Promise<number[]> {
  return referenceSetIds(set.entity.qualifiedName, id, nav.navigation.name, ctx)
}
