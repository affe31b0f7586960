import type { ChangeFeed, EntityOperations, MemberGrant } from '../../../kernel/index.js'
import type { ODataVersion } from '../contract/csdl-json.js'
import { odataErrorOf } from '../odata-errors.js'
import type { ODataLimits } from '../options.js'
import type { QueryOptions } from '../parser/index.js'
import type { ODataEntitySet } from '../service/service-model.js'
import type { Headers, Negotiated } from './negotiate.js'
import type { WriteContext } from './serialize.js'

/** One OData request, independent of HTTP framing: a top-level request or a `$batch` part. */
export interface ODataRequest {
  readonly method: string
  /** The resource path after the service root, still percent-encoded (`/Products(1)`). */
  readonly path: string
  /** The raw query string without `?`. */
  readonly query: string
  /** Header names in lower case. */
  readonly headers: Headers
  readonly body?: string
  /** A request of a `$batch` change set (runs in the change set's transaction). */
  readonly inChangeSet?: boolean
}

export interface ODataResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string | Buffer
}

/** Everything a request is handled with; `ops` is bound to the caller (and to a change set's transaction). */
export interface HandlerContext extends WriteContext {
  readonly limits: ODataLimits
  readonly ops: EntityOperations
  /** The kernel's change log: horizons and deltas of tracked entity sets. */
  readonly changes: ChangeFeed
  readonly readable: (set: ODataEntitySet) => MemberGrant
  readonly options: QueryOptions
  readonly request: ODataRequest
  /** In a `$batch` change set: entity paths of the requests so far, by Content-ID. */
  readonly contentIds?: ReadonlyMap<string, string>
}

export function jsonResponse(status: number, body: unknown, negotiated: Negotiated, headers: Record<string, string> = {}): ODataResponse {
  const contentType = `application/json;odata.metadata=${negotiated.metadata}${negotiated.ieee754 ? ';IEEE754Compatible=true' : ''}`
  return { status, headers: withHeader(headers, 'content-type', contentType), body: JSON.stringify(body) }
}

/** A copy of the headers with one more, written first (a copy, then one member added: cheaper than a spread into a literal). */
function withHeader(headers: Record<string, string>, name: string, value: string): Record<string, string> {
  const out: Record<string, string> = { [name]: value }
  for (const k in headers) out[k] = headers[k] as string
  return out
}

export function textResponse(status: number, text: string, contentType = 'text/plain;charset=utf-8', headers: Record<string, string> = {}): ODataResponse {
  return { status, headers: { 'content-type': contentType, ...headers }, body: text }
}

/** Any error as an OData JSON error response (internal failures never show their message). */
export function errorResponse(error: unknown, version: ODataVersion, headers: Record<string, string> = {}): ODataResponse {
  const { status, body } = odataErrorOf(error)
  return { status, headers: { 'content-type': 'application/json;odata.metadata=minimal', 'odata-version': version, ...headers }, body: JSON.stringify(body) }
}

export function noContent(headers: Record<string, string> = {}): ODataResponse {
  return { status: 204, headers }
}

/** The `@odata.context` URL (absent with metadata=none). */
export function contextUrl(ctx: WriteContext, fragment: string): Record<string, unknown> {
  return ctx.negotiated.metadata === 'none' ? {} : { '@odata.context': `${ctx.root}/$metadata#${fragment}` }
}
