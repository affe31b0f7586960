import { defineCatalogue, isPorticoError, type PorticoError } from '../../errors/index.js'
import { statusOf } from '../http/status.js'

/** Errors of serving OData requests (the URL parser has its own catalogue, `odata-syntax`). */
export const odataErrors = defineCatalogue('odata', {
  ODATA_UNKNOWN_RESOURCE: { category: 'not-found', description: 'The resource path names no entity set, navigation or property of the service.' },
  ODATA_UNKNOWN_PROPERTY: { category: 'invalid', description: 'A query option or payload names a property or navigation the entity set does not expose; the message names it.' },
  ODATA_BAD_KEY: { category: 'invalid', description: 'A key in the URL does not match the key properties of the entity set (missing, extra or of the wrong type).' },
  ODATA_BAD_LITERAL: { category: 'invalid', description: 'A literal or payload value has the wrong type for its property (e.g. a string for an Edm.Int32, an unknown enumeration type).' },
  ODATA_BAD_PAYLOAD: { category: 'invalid', description: 'The request body is not valid JSON for the resource, or sets a read-only property.' },
  ODATA_BAD_REFERENCE: { category: 'invalid', description: 'An @odata.bind or @odata.id value does not address an existing entity of the right entity set.' },
  ODATA_RELATED_REQUIRED: { category: 'conflict', description: 'A deep update or a PUT to a collection $ref leaves out a related entity that cannot exist without the relationship (its reference is required) and that the model does not delete with its parent (onDelete is not cascade); the message names it.' },
  ODATA_NOT_ALLOWED: { category: 'invalid', description: 'A query option the entity set does not allow (filterable, sortable, countable, expandable, topSkip, searchable are false).' },
  ODATA_METHOD_NOT_ALLOWED: { category: 'invalid', description: 'The entity set does not allow this write (insertable, updatable, deletable are false) or the method does not apply to the resource (answered 405).' },
  ODATA_NOT_IMPLEMENTED: { category: 'invalid', description: 'Valid OData that Portico does not implement (some casts and $apply transformations); answered 501, the message names it.' },
  ODATA_NOT_ACCEPTABLE: { category: 'invalid', description: 'No representation matches the Accept header or $format (answered 406).' },
  ODATA_UNSUPPORTED_MEDIA_TYPE: { category: 'invalid', description: 'The request body has a content type the resource does not accept (answered 415).' },
  ODATA_VERSION_NOT_SUPPORTED: { category: 'invalid', description: 'OData-Version or OData-MaxVersion asks for a protocol version below 4.0 or above 4.01.' },
  ODATA_BAD_SKIPTOKEN: { category: 'invalid', description: 'The $skiptoken was not issued by this service for this query.' },
  ODATA_BAD_DELTATOKEN: { category: 'invalid', description: 'The $deltatoken was not issued by this service for this entity set and defining query (tampered, or the query options changed).' },
  ODATA_DELTA_EXPIRED: { category: 'not-found', description: 'The delta link is older than the retained change log (adapters.odata.changeRetentionDays); answered 410 Gone: read the collection again with Prefer: odata.track-changes.' },
  ODATA_PRECONDITION_FAILED: { category: 'precondition', description: 'If-Match or If-None-Match does not hold for the entity (its ETag changed).' },
  ODATA_LIMIT_EXCEEDED: { category: 'too-large', description: 'The request is larger than a configured limit ($top, URL length, batch parts); answered 400 before any SQL runs.' },
  ODATA_BAD_BATCH: { category: 'invalid', description: 'A $batch request is malformed: multipart framing, JSON shape, Content-ID references or atomicity groups.' },
  ODATA_UNAUTHENTICATED: { category: 'unauthenticated', description: 'The request carries no acceptable credentials for the service.' },
  ODATA_ASYNC_LIMIT: { category: 'too-large', description: 'A `respond-async` request would hold more asynchronous requests than the service or the caller may have at once (answered 429 with Retry-After).' },
  ODATA_ASYNC_NOT_CANCELABLE: { category: 'conflict', description: 'DELETE of a status monitor whose request has already committed changes (or started an action), so cancelling it could not undo them.' },
  ODATA_ASYNC_CANCELLED: { category: 'unavailable', description: 'An asynchronous request was cancelled before it committed anything: by DELETE of its status monitor, or because the service is shutting down.' },
})

export type ODataErrorCode = keyof typeof odataErrors.entries

/**
 * HTTP statuses that differ from the category's for OData (404, 405, 406, 415, 429). Valid OData
 * that Portico does not implement answers 501 Not Implemented naming the construct, as the
 * conformance levels ask (Protocol §12.1.1 item 7); invalid OData stays 400.
 */
const SPECIAL_STATUS: Readonly<Record<string, number>> = {
  ODATA_NOT_ACCEPTABLE: 406,
  ODATA_UNSUPPORTED_MEDIA_TYPE: 415,
  ODATA_METHOD_NOT_ALLOWED: 405,
  ODATA_UNKNOWN_RESOURCE: 404,
  ODATA_DELTA_EXPIRED: 410,
  ODATA_LIMIT_EXCEEDED: 400,
  ODATA_TOO_COMPLEX: 400,
  ODATA_NOT_IMPLEMENTED: 501,
  ODATA_NOT_SUPPORTED: 501,
  ODATA_ASYNC_LIMIT: 429,
}

/** One error in the OData JSON error format (OData JSON 4.01 §21). */
export interface ODataErrorBody {
  readonly error: {
    readonly code: string
    readonly message: string
    readonly target?: string
    readonly details?: readonly { readonly code: string; readonly message: string; readonly target?: string }[]
  }
}

/** The status and OData error body of any error; internal failures never show their message. */
export function odataErrorOf(error: unknown): { status: number; body: ODataErrorBody } {
  if (!isPorticoError(error)) return internal()
  const status = SPECIAL_STATUS[error.code] ?? statusOf(error.category, error.code)
  if (status >= 500 && error.category === 'internal') return internal(error.code)
  return { status, body: bodyOf(error) }
}

function bodyOf(error: PorticoError): ODataErrorBody {
  const details = error.details.map((d) => ({ code: d.code, message: d.message, ...(d.path ? { target: d.path } : {}) }))
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.target !== undefined ? { target: error.target } : {}),
      ...(details.length > 0 ? { details } : {}),
    },
  }
}

function internal(code = 'INTERNAL'): { status: number; body: ODataErrorBody } {
  return { status: 500, body: { error: { code, message: 'an unexpected error occurred; it has been logged' } } }
}
