import type { Schema } from './json-schema.js'
import type { CompiledResource, CompiledService } from './rest-service.js'

/**
 * The schemas fastify compiles response serializers from (fast-json-stringify): the
 * resource's response schema with embedded resources inlined, and without `required`, since
 * field selection and role-limited members leave members out. Members not in the schema
 * are never written, so a response cannot carry more than the contract shows.
 */
export function itemSerializerSchema(resource: CompiledResource, service: CompiledService): Schema {
  return inline(resource.schemas.response, service, 0)
}

export function listSerializerSchema(resource: CompiledResource, service: CompiledService): Schema {
  return {
    type: 'object',
    properties: {
      items: { type: 'array', items: itemSerializerSchema(resource, service) },
      nextCursor: { type: ['string', 'null'] },
      total: { type: 'integer' },
    },
  }
}

const KEEP = new Set(['type', 'properties', 'items', 'anyOf', 'enum', 'format'])

function inline(schema: Schema, service: CompiledService, depth: number): Schema {
  const ref = schema.$ref
  if (typeof ref === 'string') {
    const target = service.resources.find((r) => ref.endsWith(`/${r.schemaName}`))
    return target && depth < 2 ? inline(target.schemas.response, service, depth + 1) : {}
  }
  const out: Schema = {}
  for (const [key, value] of Object.entries(schema)) {
    if (!KEEP.has(key)) continue
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([k, v]) => [k, inline(v, service, depth)]))
    } else if (key === 'items') out.items = inline(value as Schema, service, depth)
    else if (key === 'anyOf') out.anyOf = (value as Schema[]).map((v) => inline(v, service, depth))
    else if (key === 'enum' || (key === 'format' && value !== 'date-time' && value !== 'date')) continue
    else out[key] = value
  }
  return out
}
