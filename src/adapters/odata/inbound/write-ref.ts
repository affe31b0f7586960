import type { Row } from '../../../kernel/index.js'
import { odataErrors } from '../odata-errors.js'
import { addToSet, linkFromOther, referenceSetIds } from './create-entity.js'
import { resolveEntityUrl } from './entity-reference.js'
import { noContent, type HandlerContext, type ODataResponse } from './handler-context.js'
import { parseJsonBody } from './payload.js'
import { findOne, type CollectionTarget, type EntityTarget, type ParentLink } from './resolve-target.js'
import { requireCapability } from './write-entity.js'

/**
 * Changes which entities a navigation leads to, through `/$ref`: POST adds an entity to a
 * collection, PUT sets a single-valued navigation, DELETE removes one (a collection member
 * addressed by key, or the single related entity).
 */
export async function writeRef(of: CollectionTarget | EntityTarget, ctx: HandlerContext, method: 'POST' | 'PUT' | 'DELETE'): Promise<ODataResponse> {
  const parent = of.parent
  if (!parent) throw odataErrors.create('ODATA_METHOD_NOT_ALLOWED', '$ref can be changed only through a navigation (Products(1)/tags/$ref)', { target: '$ref' })
  requireCapability(parent.set, 'updatable')
  await ctx.ops.transaction(async (ops) => {
    const inner = { ...ctx, ops }
    if (method === 'DELETE') return unlink(of, parent, inner)
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
