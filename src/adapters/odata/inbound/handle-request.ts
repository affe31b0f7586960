import type { ChangeFeed, EntityOperations, MemberGrant } from '../../../kernel/index.js'
import type { AsyncRequests } from '../async/async-requests.js'
import { VOCABULARY_PATH } from '../contract/annotations.js'
import type { ODataVersion } from '../contract/csdl-json.js'
import { VOCABULARY_DOCUMENTS, vocabularyJson, vocabularyXml } from '../contract/vocabularies.js'
import { odataErrorOf, odataErrors } from '../odata-errors.js'
import type { ODataLimits } from '../options.js'
import type { QueryOptions } from '../parser/index.js'
import type { ODataEntitySet, ODataService } from '../service/service-model.js'
import { dispatchResource } from './dispatch-resource.js'
import { readAll } from './read-all.js'
import { readCrossJoin } from './read-cross-join.js'
import { invokeOperation, type OperationRuntime } from './invoke-operation.js'
import { jsonResponse, textResponse, type ODataRequest, type ODataResponse } from './handler-context.js'
import { accepts, negotiate, type Negotiated } from './negotiate.js'
import type { ParseCache } from './parse-cache.js'

/** What serving one service needs beyond the request: built once at bind time. */
export interface ServiceRuntime {
  readonly service: ODataService
  readonly limits: ODataLimits
  /** Absolute service root, without a trailing slash. */
  readonly root: string
  readonly readable: (set: ODataEntitySet, ops: EntityOperations) => MemberGrant
  readonly metadata: (version: ODataVersion, format: 'xml' | 'json') => string
  readonly parsed: ParseCache
  /** Actions and functions: the flow engine and each one's binding. */
  readonly operations: OperationRuntime
  /** Requests running in the background (`Prefer: respond-async`) and their results. */
  readonly async: AsyncRequests
  /** The kernel's change log (delta links). */
  readonly changes: ChangeFeed
}

/**
 * Handles one OData request (top level or a `$batch` part) with the caller's operations:
 * limits, negotiation, the resource path, then reads and writes. Every failure becomes an
 * OData JSON error; every response carries OData-Version.
 */
export async function handleRequest(request: ODataRequest, ops: EntityOperations, rt: ServiceRuntime, contentIds?: ReadonlyMap<string, string>): Promise<ODataResponse> {
  let negotiated: Negotiated | undefined
  try {
    const req = queryInBody(request)
    if (req.path.length + req.query.length + 1 > rt.limits.maxUrlLength) {
      throw odataErrors.create('ODATA_LIMIT_EXCEEDED', `the URL is longer than ${rt.limits.maxUrlLength} characters`, { target: 'URL' })
    }
    const options = rt.parsed.options(req.query)
    negotiated = negotiate(req.headers, options.format)
    const response = await route(req, options, negotiated, ops, rt, contentIds)
    return withVersion(response, negotiated.version)
  } catch (error) {
    const { status, body } = odataErrorOf(error)
    return withVersion(jsonResponse(status, body, negotiated ?? { version: '4.01', metadata: 'minimal', ieee754: false, prefer: { continueOnError: false } }), negotiated?.version ?? '4.01')
  }
}

/** The response, or a promise of it; every refusal is thrown (handleRequest turns it into an OData error). */
function route(req: ODataRequest, options: QueryOptions, negotiated: Negotiated, ops: EntityOperations, rt: ServiceRuntime, contentIds?: ReadonlyMap<string, string>): ODataResponse | Promise<ODataResponse> {
  const path = decodePath(req.path)
  if (path.startsWith(`/${VOCABULARY_PATH}/`)) return vocabulary(path.slice(VOCABULARY_PATH.length + 2))
  const resource = rt.parsed.path(path, options.aliases)
  if (resource.kind === 'metadata') return metadata(req, options, negotiated, rt)
  if (resource.kind === 'batch') throw odataErrors.create('ODATA_BAD_BATCH', '$batch is answered only at the service root, with POST', { target: '$batch' })
  if (!accepts(req.headers, options.format, ['application/json', 'text/plain', 'application/octet-stream'])) {
    throw odataErrors.create('ODATA_NOT_ACCEPTABLE', 'this service answers with application/json (odata.metadata=minimal, full or none)', { target: 'Accept' })
  }
  const ctx = { service: rt.service, negotiated, root: rt.root, limits: rt.limits, ops, changes: rt.changes, readable: (set: ODataEntitySet) => rt.readable(set, ops), options, request: req, ...(contentIds ? { contentIds } : {}) }
  if (resource.kind === 'crossjoin' || resource.kind === 'all') {
    if (req.method !== 'GET') throw odataErrors.create('ODATA_METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${resource.kind === 'all' ? '$all' : '$crossjoin'}: it is read only`, { target: req.method })
    return resource.kind === 'all' ? readAll(resource.cast, ctx) : readCrossJoin(resource.sets, ctx)
  }
  if (resource.kind !== 'resource') {
    if (req.method !== 'GET') throw odataErrors.create('ODATA_METHOD_NOT_ALLOWED', `${req.method} is not allowed on the service document`, { target: req.method })
    return serviceDocument(rt, negotiated)
  }
  const [first] = resource.segments
  const operation = first?.kind === 'name' ? rt.service.operation.get(first.name) : undefined
  if (operation && first?.kind === 'name') {
    if (resource.segments.length > 1) throw odataErrors.create('ODATA_UNKNOWN_RESOURCE', `${operation.name} is not composable: nothing may follow it in the path`, { target: operation.name })
    return invokeOperation(operation, first.args, ctx, rt.operations)
  }
  return dispatchResource(resource.segments, ctx, rt.operations)
}

const QUERY_SEGMENT = /\/(?:\$|%24)query$/

/**
 * `POST <resource>/$query` with the query options in a `text/plain` body, encoded as in a
 * query string (OData 4.01 Protocol, "Passing Query Options in the Request Body"): the same
 * request as a GET of the resource with the URL's options and the body's together (an option
 * given in both is refused as given twice). Any other request is returned as it is.
 */
function queryInBody(req: ODataRequest): ODataRequest {
  if (req.method.toUpperCase() !== 'POST' || !QUERY_SEGMENT.test(req.path)) return req
  const type = req.headers['content-type']
  if (type === undefined || !/^text\/plain\b/i.test(type)) {
    throw odataErrors.create('ODATA_UNSUPPORTED_MEDIA_TYPE', `…/$query takes its query options as text/plain, not ${type ?? 'no content type'}`, { target: 'Content-Type' })
  }
  const query = [req.query, (req.body ?? '').trim()].filter((q) => q !== '').join('&')
  return { method: 'GET', path: req.path.replace(QUERY_SEGMENT, ''), query, headers: req.headers, ...(req.inChangeSet ? { inChangeSet: true } : {}) }
}

/** A vocabulary document the metadata refers to: `$vocabularies/Org.OData.Core.V1.xml` (or `.json`). */
function vocabulary(name: string): ODataResponse {
  const m = /^(.+)\.(xml|json)$/.exec(name)
  const v = VOCABULARY_DOCUMENTS.find((d) => d.namespace === m?.[1])
  if (!m || !v) throw odataErrors.create('ODATA_UNKNOWN_RESOURCE', `no vocabulary ${name} here`, { target: name })
  return m[2] === 'xml' ? textResponse(200, vocabularyXml(v), 'application/xml') : textResponse(200, JSON.stringify(vocabularyJson(v)), 'application/json')
}

function decodePath(path: string): string {
  if (!path.includes('%')) return path
  try {
    return decodeURIComponent(path)
  } catch (error) {
    throw odataErrors.create('ODATA_BAD_KEY', 'the resource path has a malformed percent-encoding', { target: 'resource path', cause: error })
  }
}

function metadata(req: ODataRequest, options: QueryOptions, negotiated: Negotiated, rt: ServiceRuntime): ODataResponse {
  if (req.method !== 'GET') throw odataErrors.create('ODATA_METHOD_NOT_ALLOWED', `${req.method} is not allowed on $metadata`, { target: req.method })
  const wantsXml = accepts(req.headers, options.format, ['application/xml'])
  const wantsJson = accepts(req.headers, options.format, ['application/json'])
  const jsonFirst = options.format !== undefined ? /json/i.test(options.format) : /^\s*application\/json/i.test(req.headers.accept ?? '')
  if (wantsJson && (jsonFirst || !wantsXml)) return textResponse(200, rt.metadata(negotiated.version, 'json'), 'application/json')
  if (wantsXml) return textResponse(200, rt.metadata(negotiated.version, 'xml'), 'application/xml')
  throw odataErrors.create('ODATA_NOT_ACCEPTABLE', '$metadata is served as application/xml (CSDL XML) or application/json (CSDL JSON)', { target: 'Accept' })
}

function serviceDocument(rt: ServiceRuntime, negotiated: Negotiated): ODataResponse {
  const body = {
    ...(negotiated.metadata === 'none' ? {} : { '@odata.context': `${rt.root}/$metadata` }),
    value: [
      ...rt.service.sets.map((s) => ({ name: s.name, kind: 'EntitySet', url: s.name })),
      ...rt.service.operations.filter((o) => o.kind === 'function').map((o) => ({ name: o.name, kind: 'FunctionImport', url: o.name })),
    ],
  }
  return jsonResponse(200, body, negotiated)
}

function withVersion(response: ODataResponse, version: ODataVersion): ODataResponse {
  const headers: Record<string, string> = { ...response.headers }
  headers['odata-version'] = version
  return response.body === undefined ? { status: response.status, headers } : { status: response.status, headers, body: response.body }
}
