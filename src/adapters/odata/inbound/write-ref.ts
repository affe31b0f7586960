import type { Row } from '../../../kernel/index.js'
import { odataErrors } from '../odata-errors.js'
import type { ODataEntitySet } from '../service/service-model.js'
import { addToSet, linkFromOther, referenceSetIds } from './create-entity.js'
import { resolveEntityUrl } from './entity-reference.js'
import { noContent, type HandlerContext, type ODataResponse } from './handler-context.js'
import { parseJsonBody } from './payload.js'
import { relateExactly } from './relate-nested.js'
import { findOne, type CollectionTarget, type EntityTarget, type ParentLink } from './resolve-target.js'
import { requireCapability } from './write-checks.js'

/**
 * Changes which entities a navigation leads to, through `/$ref`: POST adds an entity to a
 * collection, PUT sets a single-valued navigation or replaces the whole set of a collection
 * (`{ "value": [ { "@odata.id": … } ] }`), DELETE removes one (a collection member addressed
 * by key, or the single related entity).
 */
export async function writeRef(of: CollectionTarget | EntityTarget, ctx: HandlerContext, method: 'POST' | 'PUT' | 'DELETE'): Promise<ODataResponse> {
  const parent = of.parent
  if (!parent) throw odataErrors.create('ODATA_METHOD_NOT_ALLOWED', '$ref can be changed only through a navigation (Products(1)/tags/$ref)', { target: '$ref' })
  requireCapability(parent.set, 'updatable')
  await ctx.ops.transaction(async (ops) => {
    const inner = { ...ctx, ops }
    if (method === 'DELETE') return unlink(of, parent, inner)
    if (method === 'PUT' && of.kind === 'collection') return replaceAll(parent, ctx.request.body, inner)
    const other = await referenced(ctx.request.body, of, inner)
    const collection = of.kind === 'collection'
    if (collection !== (method === 'POST')) throw odataErrors.create('ODATA_METHOD_NOT_ALLOWED', collection ? 'add to a collection with POST' : 'set a single-valued navigation with PUT', { target: '$ref' })
    return link(parent, other, inner)
  })
  return noContent()
}

async function referenced(body: string | undefined, of: CollectionTarget | EntityTarget, ctx: HandlerContext): Promise<Row> {
  const parsed = parseJsonBody(body) as Record<string, unknown>
  const id = parsed['@odata.id'] ?? parsed['@id']
  if (typeof id !== 'string') throw odataErrors.create('ODATA_BAD_PAYLOAD', 'give the entity as { "@odata.id": "Set(key)" }', { target: '@odata.id' })
  return resolveEntityUrl(id, of.set, ctx)
}

/** PUT to a collection's `$ref`: the listed entities become the whole set (OData 4.01 §11.4.6.3). */
async function replaceAll(parent: ParentLink, body: string | undefined, ctx: HandlerContext): Promise<void> {
  const parsed = parseJsonBody(body) as Record<string, unknown>
  const list = parsed.value
  const urls = Array.isArray(list) ? list.map((r) => (r !== null && typeof r === 'object' ? ((r as Record<string, unknown>)['@odata.id'] ?? (r as Record<string, unknown>)['@id']) : undefined)) : undefined
  if (!urls || !urls.every((u): u is string => typeof u === 'string')) {
    throw odataErrors.create('ODATA_BAD_PAYLOAD', 'give the collection as { "value": [ { "@odata.id": "Set(key)" }, … ] }', { target: 'value' })
  }
  const nav = parent.nav
  if (nav.navigation.direction === 'inverse') return relateExactly(parent, urls.map((u) => ({ '@id': u })), ctx, { replace: false }, { owned: 'refuse' })
  const target = ctx.service.set.get(nav.target) as ODataEntitySet
  const ids: number[] = []
  for (const url of urls) ids.push((await resolveEntityUrl(url, target, ctx)).id as number)
  await ctx.ops.update(parent.set.entity.qualifiedName, parent.row.id as number, { [nav.navigation.name]: [...new Set(ids)] })
}

async function link(parent: ParentLink, other: Row, ctx: HandlerContext): Promise<void> {
  const nav = parent.nav
  const id = other.id as number
  if (nav.navigation.direction === 'inverse') return linkFromOther(nav, id, parent.row.id as number, ctx, 'add')
  if (nav.collection) return addToSet(parent, id, ctx)
  await ctx.ops.update(parent.set.entity.qualifiedName, parent.row.id as number, { [nav.navigation.name]: id })
}

async function unlink(of: CollectionTarget | EntityTarget, parent: ParentLink, ctx: HandlerContext): Promise<void> {
  const nav = parent.nav
  if (of.kind === 'collection' && ctx.options.id === undefined) {
    throw odataErrors.create('ODATA_BAD_KEY', 'name the member to remove: DELETE Products(1)/tags(2)/$ref, or …/tags/$ref?$id=Tags(2)', { target: '$ref' })
  }
  const other = of.kind === 'collection' ? await resolveEntityUrl(ctx.options.id as string, of.set, ctx) : await findOne(of, ctx.ops)
  const id = other.id as number
  const parentId = parent.row.id as number
  if (nav.navigation.direction === 'inverse') return linkFromOther(nav, id, parentId, ctx, 'remove')
  if (!nav.collection) {
    await ctx.ops.update(parent.set.entity.qualifiedName, parentId, { [nav.navigation.name]: null })
    return
  }
  const ids = await referenceSetIds(parent.set.entity.qualifiedName, parentId, nav.navigation.name, ctx)
  await ctx.ops.update(parent.set.entity.qualifiedName, parentId, { [nav.navigation.name]: ids.filter((i) => i !== id) })
}
