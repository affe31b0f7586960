import type { Row } from '../../../kernel/index.js'
import { odataErrors } from '../odata-errors.js'
import type { ODataEntitySet } from '../service/service-model.js'
import { createEntity, linkFromOther } from './create-entity.js'
import { entityPath } from './entity-url.js'
import type { HandlerContext } from './handler-context.js'
import { bodyVersion, identify, isReferenceOnly } from './nested-entity.js'
import { relationFilter } from './relation-filter.js'
import type { ParentLink } from './resolve-target.js'
import { updateEntity, type UpdateMode } from './update-entity.js'
import { requireCapability } from './write-checks.js'

type Json = Readonly<Record<string, unknown>>

/**
 * What becomes of a related entity left out that cannot exist without the parent: a deep
 * update deletes it when the model deletes it with the parent (a composition); a change of
 * references (`$ref`) only ever changes references, so it refuses.
 */
export interface Unlisted {
  readonly owned: 'delete' | 'refuse'
}

const DEEP: Unlisted = { owned: 'delete' }

/** An entity a delta removes with `"reason": "deleted"`: deleted once the update is done. */
export interface Removal {
  readonly set: ODataEntitySet
  readonly id: number
}

/**
 * Applies one nested entity: an existing one is updated (an entity reference only links it),
 * a new one is created. Under an inverse navigation (`parent`) the entity is made to refer
 * back to the parent. Returns its id.
 */
export async function applyNested(target: ODataEntitySet, e: Json, existing: Row | undefined, ctx: HandlerContext, mode: Pick<UpdateMode, 'replace'>, parent?: ParentLink): Promise<number> {
  if (!existing) {
    requireCapability(target, 'insertable')
    return (await createEntity(target, e, ctx, parent)).row.id as number
  }
  const id = existing.id as number
  const inverse = parent?.nav.navigation.direction === 'inverse' ? parent : undefined
  const referenceSet = inverse?.nav.navigation.association.kind === 'referenceSet'
  if (isReferenceOnly(e)) {
    bodyVersion(e, existing, target, ctx)
    if (inverse) await linkFromOther(inverse.nav, id, inverse.row.id as number, ctx, 'add')
    return id
  }
  requireCapability(target, 'updatable')
  await updateEntity(target, existing, e as Record<string, unknown>, ctx, { replace: mode.replace, ...(inverse && !referenceSet ? { under: { nav: inverse.nav, parentId: inverse.row.id as number } } : {}) })
  if (inverse && referenceSet) await linkFromOther(inverse.nav, id, inverse.row.id as number, ctx, 'add')
  return id
}

/**
 * Makes the nested entities the full set behind an inverse navigation (`Orders(1)` with
 * `lines`): related entities not listed are unlinked, or deleted when they cannot exist
 * without the parent and the model deletes them with it (`onDelete: cascade`); otherwise
 * the update is refused. Unlisted ones go first, so a new entity may take a freed key.
 */
export async function relateExactly(parent: ParentLink, entities: readonly Json[], ctx: HandlerContext, mode: Pick<UpdateMode, 'replace'>, unlisted: Unlisted = DEEP): Promise<void> {
  const target = ctx.service.set.get(parent.nav.target) as ODataEntitySet
  const under = { nav: parent.nav, parentId: parent.row.id as number }
  const found: (Row | undefined)[] = []
  for (const e of entities) found.push(await identify(target, e, ctx, under))
  const listed = new Set(found.flatMap((r) => (r ? [r.id as number] : [])))
  const related = await relatedIds(parent, target, ctx)
  for (const id of related) if (!listed.has(id)) await detach(parent, target, id, ctx, unlisted)
  for (const [i, e] of entities.entries()) {
    const existing = found[i]
    if (existing && isReferenceOnly(e) && related.includes(existing.id as number)) bodyVersion(e, existing, target, ctx)
    else await applyNested(target, e, existing, ctx, mode, parent)
  }
}

/** A `Nav@delta` on an inverse navigation: entries are added or changed, `@removed` ones unlinked (or deleted). */
export async function inverseDelta(parent: ParentLink, entries: readonly Json[], ctx: HandlerContext): Promise<void> {
  const target = ctx.service.set.get(parent.nav.target) as ODataEntitySet
  const under = { nav: parent.nav, parentId: parent.row.id as number }
  for (const e of entries) {
    const existing = await identify(target, e, ctx, under)
    if (e['@removed'] === undefined) {
      await applyNested(target, e, existing, ctx, { replace: false }, parent)
      continue
    }
    const id = removedId(target, e, existing, await relatedIds(parent, target, ctx))
    if (removedReason(e) === 'deleted') {
      requireCapability(target, 'deletable')
      await ctx.ops.delete(target.entity.qualifiedName, id)
    } else await detach(parent, target, id, ctx, DEEP)
  }
}

/** A `Nav@delta` on a reference set: the new list of ids; entities removed as deleted are queued in `removals`. */
export async function forwardDelta(current: readonly number[], nav: ParentLink['nav'], entries: readonly Json[], ctx: HandlerContext, removals: Removal[]): Promise<number[]> {
  const target = ctx.service.set.get(nav.target) as ODataEntitySet
  const ids = [...current]
  for (const e of entries) {
    const existing = await identify(target, e, ctx)
    if (e['@removed'] === undefined) {
      const id = await applyNested(target, e, existing, ctx, { replace: false })
      if (!ids.includes(id)) ids.push(id)
      continue
    }
    const id = removedId(target, e, existing, ids)
    ids.splice(ids.indexOf(id), 1)
    if (removedReason(e) === 'deleted') removals.push({ set: target, id })
  }
  return ids
}

/** The ids of the entities an inverse navigation leads to now. */
async function relatedIds(parent: ParentLink, target: ODataEntitySet, ctx: HandlerContext): Promise<number[]> {
  const filter = await relationFilter(parent.nav.navigation, parent.row, ctx.ops)
  const { rows } = await ctx.ops.query({ entity: target.entity.qualifiedName, filter, select: ['id'] })
  return rows.map((r) => r.id as number)
}

/**
 * Takes an entity out of an inverse navigation: its reference is cleared (or the parent
 * leaves its reference set); one whose reference is required is deleted as `unlisted` says
 * when the model deletes it with the parent, and the request is refused otherwise.
 */
async function detach(parent: ParentLink, target: ODataEntitySet, id: number, ctx: HandlerContext, unlisted: Unlisted): Promise<void> {
  const a = parent.nav.navigation.association
  if (a.kind === 'referenceSet' || !a.required) return linkFromOther(parent.nav, id, parent.row.id as number, ctx, 'remove')
  if (a.onDelete === 'cascade' && unlisted.owned === 'delete') {
    requireCapability(target, 'deletable')
    return ctx.ops.delete(target.entity.qualifiedName, id)
  }
  const row = await ctx.ops.read(target.entity.qualifiedName, id, { select: ['id', ...target.key.map((k) => k.member)] })
  throw odataErrors.create(
    'ODATA_RELATED_REQUIRED',
    `${entityPath(target, row)} is not listed in ${parent.nav.name}, but its ${a.name} is required and ${unlisted.owned === 'delete' ? `it is not deleted with its ${parent.set.typeName} (onDelete: ${a.onDelete})` : 'a change of references does not delete it'}; list it, or delete or re-assign it first`,
    { target: `${parent.nav.name}/${entityPath(target, row)}` },
  )
}

function removedId(target: ODataEntitySet, e: Json, existing: Row | undefined, related: readonly number[]): number {
  const id = existing?.id as number | undefined
  if (id === undefined || !related.includes(id)) {
    throw odataErrors.create('ODATA_BAD_REFERENCE', `a @removed entry names no related entity of ${target.name}; give its @id or key`, { target: target.name })
  }
  return id
}

function removedReason(e: Json): string | undefined {
  const removed = e['@removed']
  return removed !== null && typeof removed === 'object' ? ((removed as Json).reason as string | undefined) : undefined
}
