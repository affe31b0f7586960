import { isPorticoError } from '../../../errors/index.js'
import type { Row } from '../../../kernel/index.js'
import { odataErrors } from '../odata-errors.js'
import { parseResourcePath } from '../parser/index.js'
import type { ODataEntitySet } from '../service/service-model.js'
import type { HandlerContext } from './handler-context.js'
import { findOne, resolveTarget } from './resolve-target.js'

/**
 * The path of a URL relative to the service root: an absolute URL or path under the root,
 * a relative one, or a `$<Content-ID>` reference to an entity created earlier in a change set.
 */
export function relativePath(url: string, ctx: Pick<HandlerContext, 'root' | 'contentIds'>): string {
  const rootPath = new URL(ctx.root).pathname
  let path = url.startsWith(ctx.root) ? url.slice(ctx.root.length) : url.startsWith(rootPath) ? url.slice(rootPath.length) : url
  path = path.replace(/^\//, '')
  const ref = /^\$([^/?(]+)(.*)$/.exec(path)
  const known = ref ? ctx.contentIds?.get(ref[1] as string) : undefined
  return known !== undefined && ref ? `${known}${ref[2] ?? ''}` : path
}

/** The object an entity URL (`@odata.bind`, `@odata.id`) addresses in the expected set. */
export async function resolveEntityUrl(url: string, expected: ODataEntitySet, ctx: HandlerContext): Promise<Row> {
  const path = relativePath(url, ctx)
  try {
    const parsed = parseResourcePath(decodeURIComponent(path), { aliases: ctx.options.aliases })
    const target = parsed.kind === 'resource' ? await resolveTarget(parsed.segments, ctx.service, ctx.ops) : undefined
    if (!target || target.kind !== 'entity' || target.set !== expected) throw wrongSet(url, expected)
    return await findOne(target, ctx.ops)
  } catch (error) {
    if (isPorticoError(error) && error.code === 'ODATA_BAD_REFERENCE') throw error
    throw odataErrors.create('ODATA_BAD_REFERENCE', `${url} does not address an entity of ${expected.name}`, { target: url, cause: error })
  }
}

function wrongSet(url: string, expected: ODataEntitySet) {
  return odataErrors.create('ODATA_BAD_REFERENCE', `${url} does not address an entity of ${expected.name}`, { target: url })
}
