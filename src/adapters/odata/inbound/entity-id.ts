import { odataErrors } from '../odata-errors.js'
import { parseResourcePath, type PathSegment } from '../parser/index.js'
import type { HandlerContext } from './handler-context.js'
import { relativePath } from './entity-reference.js'
import { resolveTarget, typeCast, type EntityTarget } from './resolve-target.js'

/**
 * `GET $entity?$id=Products(5)` (URL Conventions §4.3.4, "Resolving an Entity-Id"): the entity
 * the id addresses — relative to the service root, an absolute path or URL under it, or a
 * `$<Content-ID>` in a change set. An id of another service, or one that addresses no single
 * entity, is `400 ODATA_BAD_REFERENCE`; `$entity/Ns.Type` must name the entity's own type.
 */
export async function entityOfId(segments: readonly PathSegment[], ctx: HandlerContext): Promise<EntityTarget> {
  const id = ctx.options.id
  if (id === undefined) throw badReference('$entity needs the entity-id in $id, e.g. $entity?$id=Products(5)', '$id')
  const parsed = parseResourcePath(decode(servicePath(id, ctx), id), { aliases: ctx.options.aliases, option: '$id' })
  const target = parsed.kind === 'resource' && parsed.segments[0]?.kind === 'name' ? await resolveTarget(parsed.segments, ctx.service, ctx.ops) : undefined
  if (target?.kind !== 'entity') throw badReference(`$id ${id} does not address a single entity`, id)
  const cast = segments[1]
  return cast?.kind === 'name' ? typeCast(target, cast.name, ctx.service) : target
}

function servicePath(id: string, ctx: HandlerContext): string {
  const rootPath = new URL(ctx.root).pathname
  const foreign = /^[a-z][a-z0-9+.-]*:/i.test(id) ? !id.startsWith(`${ctx.root}/`) : id.startsWith('/') && !id.startsWith(`${rootPath}/`)
  if (foreign) throw badReference(`$id ${id} is not an entity of this service (${ctx.root})`, id)
  return relativePath(id, ctx)
}

function decode(path: string, id: string): string {
  try {
    return decodeURIComponent(path)
  } catch (error) {
    throw odataErrors.create('ODATA_BAD_REFERENCE', `$id ${id} has a malformed percent-encoding`, { target: id, cause: error })
  }
}

function badReference(message: string, target: string) {
  return odataErrors.create('ODATA_BAD_REFERENCE', message, { target })
}
