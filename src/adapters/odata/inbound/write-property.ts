import { odataErrors } from '../odata-errors.js'
import type { ODataProperty } from '../service/service-model.js'
import { etagOf } from './entity-url.js'
import { noContent, type HandlerContext, type ODataResponse } from './handler-context.js'
import { inputValue, parseJsonBody } from './payload.js'
import { findOne, type EntityTarget } from './resolve-target.js'
import { requireCapability } from './write-checks.js'
import { expectedVersionOf } from './write-entity.js'

/**
 * PUT to a primitive property (`{ "value": … }`, or plain text to `/$value`) and DELETE of a
 * property (sets it to null), honouring If-Match.
 */
export async function writeProperty(target: EntityTarget, property: ODataProperty, raw: boolean, ctx: HandlerContext, how: 'set' | 'clear'): Promise<ODataResponse> {
  requireCapability(target.set, 'updatable')
  if (property.readOnly) throw odataErrors.create('ODATA_METHOD_NOT_ALLOWED', `${property.name} is read-only`, { target: property.name })
  const value = how === 'clear' ? null : raw ? rawValue(ctx.request.body ?? '', property) : wrappedValue(ctx.request.body, property)
  const existing = await findOne(target, ctx.ops)
  const expectedVersion = expectedVersionOf(ctx.request.headers['if-match'], existing)
  const row = await ctx.ops.update(target.set.entity.qualifiedName, existing.id as number, { [property.member]: inputValue(value, property) }, expectedVersion === undefined ? {} : { expectedVersion })
  const etag = etagOf(row)
  return noContent(etag ? { etag } : {})
}

function wrappedValue(body: string | undefined, property: ODataProperty): unknown {
  const parsed = parseJsonBody(body)
  if (typeof parsed !== 'object' || parsed === null || !('value' in parsed)) {
    throw odataErrors.create('ODATA_BAD_PAYLOAD', `give the new value of ${property.name} as { "value": … }`, { target: property.name })
  }
  return (parsed as { value: unknown }).value
}

/** A `/$value` body: text read as the property's type. */
function rawValue(text: string, property: ODataProperty): unknown {
  const wire = property.type.wire
  if (wire === 'int32' || wire === 'int64' || wire === 'decimal') {
    const n = Number(text.trim())
    if (text.trim() === '' || !Number.isFinite(n)) throw odataErrors.create('ODATA_BAD_LITERAL', `${property.name} is ${property.type.name}; '${text}' is not a number`, { target: property.name })
    return n
  }
  if (wire === 'boolean') {
    if (text.trim() !== 'true' && text.trim() !== 'false') throw odataErrors.create('ODATA_BAD_LITERAL', `${property.name} is Edm.Boolean`, { target: property.name })
    return text.trim() === 'true'
  }
  return text
}
