import type { Row } from '../../../kernel/index.js'
import type { ExpandItem } from '../../../query/index.js'
import type { ODataEntitySet, ODataNavigation } from '../service/service-model.js'
import { resolveEntityUrl } from './entity-reference.js'
import type { HandlerContext } from './handler-context.js'
import { referenceUrl } from './nested-entity.js'
import { bad, readPayload, type Payload } from './payload.js'
import type { ParentLink } from './resolve-target.js'

/** What a create did: the new object, and the navigations whose related entities were created with it. */
export interface Created {
  readonly row: Row
  readonly expand: readonly ExpandItem[]
}

/**
 * Creates an entity with its bindings and nested entities (deep insert), all in the caller's
 * transaction: to-one related entities first (their ids become references), then the entity,
 * then to-many related entities that refer back to it. `parent` is the entity a navigation
 * POST (`/Orders(1)/lines`) came from.
 */
export async function createEntity(set: ODataEntitySet, body: unknown, ctx: HandlerContext, parent?: ParentLink): Promise<Created> {
  const payload = readPayload(body, set)
  const delta = [...payload.deltas.keys()][0]
  if (delta) throw bad(`${delta.name}@delta changes an existing collection; a new entity nests the related entities themselves`, delta.name)
  const values: Row = { ...payload.values }
  const after: [ODataNavigation, Row][] = []
  const expand: ExpandItem[] = []
  await bindForward(payload, values, ctx)
  for (const [nav, entities] of payload.nested) {
    const target = ctx.service.set.get(nav.target) as ODataEntitySet
    expand.push({ navigation: nav.navigation.name, query: {} })
    if (nav.navigation.direction === 'inverse') {
      for (const e of entities) after.push([nav, e as Row])
      continue
    }
    const ids: number[] = []
    for (const e of entities) ids.push(await createOrReference(target, e, ctx))
    values[nav.navigation.name] = nav.collection ? [...((values[nav.navigation.name] as number[] | undefined) ?? []), ...ids] : (ids[0] ?? null)
  }
  if (parent) linkToParent(parent, values)
  const row = await ctx.ops.create(set.entity.qualifiedName, values)
  for (const [nav, e] of after) {
    const target = ctx.service.set.get(nav.target) as ODataEntitySet
    const url = referenceUrl(e)
    if (url === undefined) await createEntity(target, e, ctx, { set, row, nav })
    else await linkFromOther(nav, (await resolveEntityUrl(url, target, ctx)).id as number, row.id as number, ctx, 'add')
  }
  await bindInverse(payload, row, ctx)
  if (parent && parent.nav.navigation.direction === 'forward' && parent.nav.collection) await addToSet(parent, row.id as number, ctx)
  return { row, expand }
}

/** A nested entity of a deep insert is created; an entity reference (`{ "@id": … }`) names an existing one. */
async function createOrReference(target: ODataEntitySet, e: Record<string, unknown>, ctx: HandlerContext): Promise<number> {
  const url = referenceUrl(e)
  if (url !== undefined) return (await resolveEntityUrl(url, target, ctx)).id as number
  return (await createEntity(target, e, ctx)).row.id as number
}

/** `Nav@odata.bind` on forward navigations: the referenced ids become the entity's references. */
export async function bindForward(payload: Payload, values: Row, ctx: HandlerContext): Promise<void> {
  for (const [nav, urls] of payload.binds) {
    if (nav.navigation.direction !== 'forward') continue
    const target = ctx.service.set.get(nav.target) as ODataEntitySet
    const ids: number[] = []
    for (const url of urls) ids.push((await resolveEntityUrl(url, target, ctx)).id as number)
    values[nav.navigation.name] = nav.collection ? ids : (ids[0] ?? null)
  }
}

/** `Nav@odata.bind` on inverse navigations: the referenced objects are made to point at the entity. */
export async function bindInverse(payload: Payload, row: Row, ctx: HandlerContext): Promise<void> {
  for (const [nav, urls] of payload.binds) {
    if (nav.navigation.direction !== 'inverse') continue
    const target = ctx.service.set.get(nav.target) as ODataEntitySet
    for (const url of urls) {
      const other = await resolveEntityUrl(url, target, ctx)
      await linkFromOther(nav, other.id as number, row.id as number, ctx, 'add')
    }
  }
}

/** Sets the reference a new related entity needs to belong to its parent. */
function linkToParent(parent: ParentLink, values: Row): void {
  const nav = parent.nav.navigation
  if (nav.direction !== 'inverse') return
  const name = nav.association.name
  values[name] = nav.association.kind === 'referenceSet' ? [...((values[name] as number[] | undefined) ?? []), parent.row.id as number] : parent.row.id
}

/** Adds an id to the parent's reference set (`POST /Products(1)/tags`). */
export async function addToSet(parent: ParentLink, id: number, ctx: HandlerContext): Promise<void> {
  const ids = await referenceSetIds(parent.set.entity.qualifiedName, parent.row.id as number, parent.nav.navigation.name, ctx)
  if (!ids.includes(id)) await ctx.ops.update(parent.set.entity.qualifiedName, parent.row.id as number, { [parent.nav.navigation.name]: [...ids, id] })
}

/** The target ids of one object's reference set. */
export async function referenceSetIds(entity: string, id: number, name: string, ctx: HandlerContext): Promise<number[]> {
  const { rows } = await ctx.ops.query({
    entity,
    filter: { kind: 'compare', op: 'eq', left: { kind: 'property', path: ['id'] }, right: { kind: 'literal', value: id } },
    select: ['id'],
    expand: [{ navigation: name, query: { select: ['id'] } }],
  })
  return ((rows[0]?.[name] as Row[] | undefined) ?? []).map((r) => r.id as number)
}

/**
 * Makes (or unmakes) the object `otherId` on the far side of an inverse navigation point at
 * `ownId`: a reference is set (or cleared), a reference set gains (or loses) the id.
 */
export async function linkFromOther(nav: ODataNavigation, otherId: number, ownId: number, ctx: HandlerContext, how: 'add' | 'remove'): Promise<void> {
  const a = nav.navigation.association
  const owner = nav.navigation.owner.qualifiedName
  if (a.kind !== 'referenceSet') {
    await ctx.ops.update(owner, otherId, { [a.name]: how === 'add' ? ownId : null })
    return
  }
  const ids = await referenceSetIds(owner, otherId, a.name, ctx)
  const next = how === 'add' ? [...new Set([...ids, ownId])] : ids.filter((i) => i !== ownId)
  await ctx.ops.update(owner, otherId, { [a.name]: next })
}
