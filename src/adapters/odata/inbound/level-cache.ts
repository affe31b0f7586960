import { rightsKey } from '../../../kernel/index.js'
import type { QueryOptions } from '../parser/index.js'
import { translateLevel, type LevelOptions } from '../query/translate-options.js'
import type { ODataEntitySet } from '../service/service-model.js'
import type { HandlerContext } from './handler-context.js'

type Level = ReturnType<typeof translateLevel>

const MAX_PER_OPTIONS = 64
const remembered = new WeakMap<QueryOptions, Map<string, Level>>()

/**
 * The translated query level of a request, remembered beside its parsed options. The parse
 * cache hands repeated requests the same frozen options object, so a repeated read is
 * translated once per entity set and caller's roles (what the caller may read shapes the
 * result); the translation is never mutated by its users. Refusals are not remembered.
 */
export function requestLevel(ctx: HandlerContext, set: ODataEntitySet, purpose: 'entity' | 'collection', options: () => LevelOptions): Level {
  const key = `${purpose}\n${set.name}\n${rightsKey(ctx.ops.principal)}`
  let levels = remembered.get(ctx.options)
  const known = levels?.get(key)
  if (known) return known
  const level = translateLevel(set, options(), ctx)
  if (!levels) remembered.set(ctx.options, (levels = new Map()))
  if (levels.size >= MAX_PER_OPTIONS) levels.clear()
  levels.set(key, level)
  return level
}

/** `$select`, `$expand` and `$compute` of the request: what shapes one entity in a response. */
export function entityOptions(o: QueryOptions): LevelOptions {
  return { ...(o.select ? { select: o.select } : {}), ...(o.expand ? { expand: o.expand } : {}), ...(o.compute ? { compute: o.compute } : {}) }
}
