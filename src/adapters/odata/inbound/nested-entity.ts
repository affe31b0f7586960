import type { Row } from '../../../kernel/index.js'
import { odataErrors } from '../odata-errors.js'
import type { ODataEntitySet, ODataNavigation } from '../service/service-model.js'
import { etagOf, memberValue } from './entity-url.js'
import { resolveEntityUrl } from './entity-reference.js'
import type { HandlerContext } from './handler-context.js'
import { bad, inputValue } from './payload.js'
import { matches } from './read-entity.js'

type Json = Readonly<Record<string, unknown>>

/** The parent a nested entity sits under: its key may include the reference back to it. */
export interface NestedUnder {
  readonly nav: ODataNavigation
  readonly parentId: number
}

/** The entity id (`@id`, `@odata.id`) of a nested entity or entity reference, if it has one. */
export function referenceUrl(e: Json): string | undefined {
  const url = e['@odata.id'] ?? e['@id']
  if (url === undefined) return undefined
  if (typeof url !== 'string') throw bad('@odata.id must be an entity URL', '@odata.id')
  return url
}

/** An entity reference only (`{ "@id": … }`): it links, and changes nothing of the entity. */
export function isReferenceOnly(e: Json): boolean {
  return referenceUrl(e) !== undefined && Object.keys(e).every((k) => k.startsWith('@'))
}

/**
 * The existing entity a nested entity names, by its `@id` or by its key properties (a key
 * member that is the reference back to the parent is taken from the parent), or undefined
 * when it names none and is to be created. When the id and key fields name different
 * entities, the client asks to change a key, which OData does not allow.
 */
export async function identify(target: ODataEntitySet, e: Json, ctx: HandlerContext, under?: NestedUnder): Promise<Row | undefined> {
  checkType(target, e)
  const url = referenceUrl(e)
  const byUrl = url === undefined ? undefined : await resolveEntityUrl(url, target, ctx)
  const key = keyOf(target, e, under)
  if (byUrl) {
    if (Object.keys(key.given).length === 0) return byUrl
    const current = await ctx.ops.read(target.entity.qualifiedName, byUrl.id as number, { select: ['id', 'version', ...target.key.map((k) => k.member)] })
    for (const k of target.key) {
      if (k.member in key.given && key.given[k.member] !== memberValue(current, k)) throw keyChange(target, k.name, url as string)
    }
    return byUrl
  }
  if (!key.complete) return undefined
  return ctx.ops.findByKey(target.entity.qualifiedName, key.given)
}

/** The key values a nested entity gives, by member, and whether they make up the whole key. */
function keyOf(target: ODataEntitySet, e: Json, under?: NestedUnder): { given: Record<string, unknown>; complete: boolean } {
  const given: Record<string, unknown> = {}
  const back = under && under.nav.navigation.direction === 'inverse' && under.nav.navigation.association.kind !== 'referenceSet' ? under.nav.navigation.association.name : undefined
  for (const k of target.key) {
    const raw = e[k.name]
    if (k.member === back) {
      if (raw !== undefined && raw !== null && inputValue(raw, k) !== under?.parentId) {
        throw bad(`${under?.nav.name}: ${k.name} ${String(raw)} is not the id of the entity it is nested in (${String(under?.parentId)}); leave it out`, `${under?.nav.name}/${k.name}`)
      }
      given[k.member] = under?.parentId
      continue
    }
    if (raw !== undefined && raw !== null) given[k.member] = inputValue(raw, k)
  }
  return { given, complete: target.key.every((k) => k.member in given) }
}

/** A nested `@odata.type` must be the target set's type. */
function checkType(target: ODataEntitySet, e: Json): void {
  const type = e['@odata.type'] ?? e['@type']
  if (type === undefined) return
  const name = String(type).replace(/^#/, '')
  if (name !== target.typeName && !name.endsWith(`.${target.typeName}`)) {
    throw odataErrors.create('ODATA_BAD_REFERENCE', `a nested ${name} cannot be an entity of ${target.name} (${target.typeName})`, { target: target.name })
  }
}

/**
 * The version a 4.01 request body's `@odata.etag` requires (Protocol §11.4.3: the update must
 * not happen when it does not match; `*` matches any). 4.0 requests' body ETags are ignored.
 */
export function bodyVersion(e: Json, current: Row, set: ODataEntitySet, ctx: HandlerContext): number | undefined {
  const tag = e['@odata.etag'] ?? e['@etag']
  if (tag === undefined || tag === '*' || ctx.request.headers['odata-version']?.trim() === '4.0') return undefined
  const etag = etagOf(current) ?? ''
  if (typeof tag !== 'string' || !matches(tag, etag)) {
    throw odataErrors.create('ODATA_PRECONDITION_FAILED', `the @odata.etag ${String(tag)} does not match the current ETag ${etag} (${set.typeName})`, { target: set.name })
  }
  return current.version as number
}

function keyChange(target: ODataEntitySet, name: string, url: string) {
  return bad(`the key of ${url} cannot be changed (${name}); address the entity by its current key`, `${target.name}/${name}`)
}
