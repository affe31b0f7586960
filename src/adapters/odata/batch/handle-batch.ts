import type { EntityOperations } from '../../../kernel/index.js'
import type { Cancellation } from '../inbound/cancelable-request.js'
import { errorResponse, type ODataRequest, type ODataResponse } from '../inbound/handler-context.js'
import type { ServiceRuntime } from '../inbound/handle-request.js'
import { negotiate } from '../inbound/negotiate.js'
import { odataErrors } from '../odata-errors.js'
import { parseJsonBatch, writeJsonBatch } from './json-batch.js'
import { boundaryOf, parseMultipartBatch, writeMultipartBatch } from './multipart-batch.js'
import { runBatch, type BatchGroup } from './run-batch.js'

/**
 * `POST $batch` in the multipart/mixed or the JSON format. The batch is refused as a whole
 * (400) when it is malformed or has more requests than allowed, before any request runs.
 * Run asynchronously, it comes with the cancellation of its status monitor.
 */
export async function handleBatch(req: ODataRequest, ops: EntityOperations, rt: ServiceRuntime, cancellation?: Cancellation): Promise<ODataResponse> {
  let version: '4.0' | '4.01' = '4.01'
  try {
    const negotiated = negotiate(req.headers, undefined)
    version = negotiated.version
    if (req.method !== 'POST') throw odataErrors.create('ODATA_METHOD_NOT_ALLOWED', '$batch takes POST', { target: req.method })
    const type = req.headers['content-type'] ?? ''
    const json = /^application\/json/i.test(type)
    const boundary = boundaryOf(type)
    if (!json && !(/^multipart\/mixed/i.test(type) && boundary)) {
      throw odataErrors.create('ODATA_UNSUPPORTED_MEDIA_TYPE', '$batch takes multipart/mixed with a boundary, or application/json', { target: 'Content-Type' })
    }
    const groups = json ? parseJsonBatch(req.body ?? '') : parseMultipartBatch(req.body ?? '', boundary as string)
    checkSize(groups, rt.limits.maxBatchParts)
    const results = await runBatch(groups, ops, rt, { continueOnError: negotiated.prefer.continueOnError, ...(cancellation ? { cancellation } : {}) })
    const applied: Record<string, string> = negotiated.prefer.continueOnError ? { 'preference-applied': 'odata.continue-on-error' } : {}
    if (json) return { status: 200, headers: { 'content-type': 'application/json', 'odata-version': version, ...applied }, body: writeJsonBatch(results) }
    const written = writeMultipartBatch(results)
    return { status: 200, headers: { 'content-type': written.contentType, 'odata-version': version, ...applied }, body: written.body }
  } catch (error) {
    return errorResponse(error, version)
  }
}

function checkSize(groups: readonly BatchGroup[], max: number): void {
  const count = groups.reduce((n, g) => n + (g.kind === 'single' ? 1 : g.items.length), 0)
  if (count > max) throw odataErrors.create('ODATA_LIMIT_EXCEEDED', `$batch has ${count} requests; at most ${max} are allowed`, { target: '$batch' })
}
