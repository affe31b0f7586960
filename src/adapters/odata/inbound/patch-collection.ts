import { isPorticoError, PorticoError } from '../../../errors/index.js'
import type { Row } from '../../../kernel/index.js'
import { odataErrors } from '../odata-errors.js'
import { translateLevel } from '../query/translate-options.js'
import type { ODataEntitySet } from '../service/service-model.js'
import { createEntity, referenceSetIds } from './create-entity.js'
import { entityPath } from './entity-url.js'
import { contextUrl, jsonResponse, noContent, type HandlerContext, type ODataResponse } from './handler-context.js'
import { preferenceApplied } from './negotiate.js'
import { bodyVersion, identify } from './nested-entity.js'
import { bad } from './payload.js'
import { applyNested, forwardDelta, inverseDelta, type Removal } from './relate-nested.js'
import type { CollectionTarget, ParentLink } from './resolve-target.js'
import { entityJson } from './serialize.js'
import { updateEntity } from './update-entity.js'
import { requireCapability } from './write-checks.js'
import { jsonBody } from './write-entity.js'

type Json = Record<string, unknown>

/** What one delta entry did: an entity added or changed (by id), or one removed (its path). */
/** A reference set being changed (`PATCH /Products(1)/tags`): its ids, and the entities removed as deleted. */
interface ForwardSet {
  ids: number[]
  readonly removals: Removal[]
}

type Change = { readonly kind: 'entity'; readonly id: number } | { readonly kind: 'removed'; readonly path: string; readonly reason: string }

/**
 * `PATCH` of an entity set or a collection-valued navigation with a delta payload (Protocol
 * 4.01, "Update a Collection of Entities"; JSON 4.01, "Delta Payload"): each entry named by
 * `@id` or key is updated as a PATCH (nested content as a deep update), one naming none is
 * created, a `@removed` one is deleted (unlinked from a navigation when its reason is
 * `changed`). All in one kernel transaction: one failing entry and nothing is changed; its
 * error names the entry (`value[i]`). `204`, or with `Prefer: return=representation` (or
 * `$select`/`$expand`) `200` and a delta payload of the changes.
 */
export async function patchCollection(target: CollectionTarget, ctx: HandlerContext): Promise<ODataResponse> {
  const entries = deltaEntries(jsonBody(ctx), ctx.limits.maxTop)
  const changes = await ctx.ops.transaction(async (ops) => {
    const inTx = { ...ctx, ops }
    const out: Change[] = []
    const forward = target.parent && target.parent.nav.navigation.direction === 'forward' ? { ids: await referenceSet(target.parent, inTx), removals: [] } : undefined
    for (const [i, e] of entries.entries()) {
      try {
        out.push(await applyEntry(target, e, inTx, forward))
      } catch (error) {
        throw atEntry(error, i)
      }
    }
    if (target.parent && forward) await saveReferenceSet(target.parent, forward, inTx)
    return out
  })
  // The response is a delta payload "if requested" (Protocol 4.01, "Update a Collection of Entities"): as for PATCH of an entity, return=representation or $select/$expand.
  const prefer = ctx.negotiated.prefer.returnRepresentation
  if (!(prefer ?? (ctx.options.select !== undefined || ctx.options.expand !== undefined))) return noContent(preferenceApplied(prefer === false ? ['return=minimal'] : []))
  return jsonResponse(200, { ...contextUrl(ctx, `${target.set.name}/$delta`), value: await changedEntries(target.set, changes, ctx) }, ctx.negotiated, preferenceApplied(prefer ? ['return=representation'] : []))
}

/** The entries of a delta payload body; a body that is not one, or has more than `maxTop` entries, is refused before any write. */
function deltaEntries(body: unknown, max: number): Json[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('PATCH of a collection takes a delta payload: { "@context": "#$delta", "value": [ … ] }')
  const b = body as Json
  const context = b['@context'] ?? b['@odata.context']
  if (typeof context !== 'string' || !/(#|\/)\$delta$/.test(context)) {
    throw bad('PATCH of a collection takes a delta payload, whose @context ends in #$delta (or …/$delta); to change one entity, PATCH its own URL', '@context')
  }
  const unknown = Object.keys(b).find((k) => k !== 'value' && !k.startsWith('@'))
  if (unknown !== undefined) throw odataErrors.create('ODATA_UNKNOWN_PROPERTY', `a delta payload has no member '${unknown}'; its entries go in value`, { target: unknown })
  if (!Array.isArray(b.value)) throw bad('a delta payload lists its entries in value, a JSON array', 'value')
  if (b.value.length > max) throw odataErrors.create('ODATA_LIMIT_EXCEEDED', `the delta payload has ${b.value.length} entries, more than ${max}; send it in parts`, { target: 'value' })
  return b.value.map((e, i) => normalized(e, i))
}

/** An entry in the 4.01 form: 4.0 `$deletedEntity` and `@odata.removed` become `@removed`; links are not supported. */
function normalized(e: unknown, i: number): Json {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) throw bad(`value[${i}] must be an entity, or a removed entity`, `value[${i}]`)
  const entry = e as Json
  const context = entry['@context'] ?? entry['@odata.context']
  if (typeof context === 'string' && /\$deletedEntity$/.test(context)) return { '@removed': { reason: entry.reason ?? 'deleted' }, '@id': entry.id }
  if (typeof context === 'string' && /\$(deletedLink|link)$/.test(context)) {
    throw odataErrors.create('ODATA_NOT_IMPLEMENTED', `value[${i}]: added and deleted links in a delta payload are not supported; send the entity with Nav@odata.bind or Nav@delta`, { target: `value[${i}]` })
  }
  const { '@odata.removed': removed, ...rest } = entry
  const out = removed === undefined ? rest : { ...rest, '@removed': removed }
  if (out['@removed'] !== undefined) checkRemoved(out['@removed'], i)
  return out
}

function checkRemoved(removed: unknown, i: number): void {
  const reason = removed !== null && typeof removed === 'object' ? (removed as Json).reason : Symbol('bad')
  if (reason !== undefined && reason !== 'deleted' && reason !== 'changed') {
    throw bad(`value[${i}]: @removed must be { "reason": "deleted" } or { "reason": "changed" }`, `value[${i}]/@removed`)
  }
}

/** Applies one entry to the set, or to the navigation the target comes from. */
async function applyEntry(target: CollectionTarget, e: Json, ctx: HandlerContext, forward: ForwardSet | undefined): Promise<Change> {
  const parent = target.parent
  if (!parent) return applyToSet(target.set, e, ctx)
  const under = parent.nav.navigation.direction === 'inverse' ? { nav: parent.nav, parentId: parent.row.id as number } : undefined
  const existing = await identify(target.set, e, ctx, under)
  if (e['@removed'] === undefined) {
    const id = await applyNested(target.set, e, existing, ctx, { replace: false }, under ? parent : undefined)
    if (forward && !forward.ids.includes(id)) forward.ids.push(id)
    return { kind: 'entity', id }
  }
  const change = await removed(target.set, e, existing, ctx)
  if (forward) forward.ids = await forwardDelta(forward.ids, parent.nav, [e], ctx, forward.removals)
  else await inverseDelta(parent, [e], ctx)
  return change
}

/** An entry of an entity set: removed ones are deleted (a set has no other way to lose a member), others upserted. */
async function applyToSet(set: ODataEntitySet, e: Json, ctx: HandlerContext): Promise<Change> {
  const existing = await identify(set, e, ctx)
  if (e['@removed'] !== undefined) {
    const change = await removed(set, e, existing, ctx)
    requireCapability(set, 'deletable')
    const version = existing && bodyVersion(e, existing, set, ctx)
    await ctx.ops.delete(set.entity.qualifiedName, existing?.id as number, version === undefined ? {} : { expectedVersion: version })
    return change
  }
  if (!existing) {
    requireCapability(set, 'insertable')
    return { kind: 'entity', id: (await createEntity(set, e, ctx)).row.id as number }
  }
  requireCapability(set, 'updatable')
  return { kind: 'entity', id: (await updateEntity(set, existing, e, ctx, { replace: false })).row.id as number }
}

/** The response entry of a removed entity, read before it goes; an entry naming no entity is refused. */
async function removed(set: ODataEntitySet, e: Json, existing: Row | undefined, ctx: HandlerContext): Promise<Change> {
  if (!existing) throw odataErrors.create('ODATA_BAD_REFERENCE', `a @removed entry names no entity of ${set.name}; give its @id or key`, { target: set.name })
  const row = await ctx.ops.read(set.entity.qualifiedName, existing.id as number, { select: ['id', ...set.key.map((k) => k.member)] })
  const reason = ((e['@removed'] as Json | null)?.reason as string | undefined) ?? 'deleted'
  return { kind: 'removed', path: entityPath(set, row), reason }
}

/** The parent's reference set now; changing it updates the parent. */
async function referenceSet(parent: ParentLink, ctx: HandlerContext): Promise<number[]> {
  requireCapability(parent.set, 'updatable')
  return referenceSetIds(parent.set.entity.qualifiedName, parent.row.id as number, parent.nav.navigation.name, ctx)
}

/** Saves the parent's new reference set, then deletes the entities removed as deleted. */
async function saveReferenceSet(parent: ParentLink, forward: ForwardSet, ctx: HandlerContext): Promise<void> {
  await ctx.ops.update(parent.set.entity.qualifiedName, parent.row.id as number, { [parent.nav.navigation.name]: [...forward.ids] })
  for (const r of forward.removals) {
    requireCapability(r.set, 'deletable')
    await ctx.ops.delete(r.set.entity.qualifiedName, r.id)
  }
}

/** The delta payload of the response: each changed entity as it is now (once), and the removed ones. */
async function changedEntries(set: ODataEntitySet, changes: readonly Change[], ctx: HandlerContext): Promise<Json[]> {
  const { sub, shape } = translateLevel(set, { ...(ctx.options.select ? { select: ctx.options.select } : {}), ...(ctx.options.expand ? { expand: ctx.options.expand } : {}) }, ctx)
  const out: Json[] = []
  const seen = new Set<number>()
  for (const c of changes) {
    if (c.kind === 'removed') {
      const id = `${ctx.root}/${c.path}`
      out.push(ctx.negotiated.version === '4.0' ? { '@odata.context': `${ctx.root}/$metadata#${set.name}/$deletedEntity`, id, reason: c.reason } : { '@removed': { reason: c.reason }, '@odata.id': id })
      continue
    }
    if (seen.has(c.id)) continue
    seen.add(c.id)
    const filter = { kind: 'compare', op: 'eq', left: { kind: 'property', path: ['id'] }, right: { kind: 'literal', value: c.id } } as const
    const row = (await ctx.ops.query({ entity: set.entity.qualifiedName, filter, select: sub.select ?? [], ...(sub.expand?.length ? { expand: sub.expand } : {}), top: 1 })).rows[0]
    if (row) out.push(entityJson(row, shape, ctx, { '@odata.id': `${ctx.root}/${entityPath(set, row)}` }))
  }
  return out
}

/** The error of entry `i`: its message and target name the entry. */
function atEntry(error: unknown, i: number): unknown {
  if (!isPorticoError(error)) return error
  const at = `value[${i}]`
  if (error.target?.startsWith(at)) return error
  return new PorticoError(error.code, error.category, `${at}: ${error.message}`, { cause: error, details: error.details, target: error.target ? `${at}/${error.target}` : at })
}
