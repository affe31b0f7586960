import type { Principal } from '../../../kernel/index.js'
import type { ODataVersion } from '../contract/csdl-json.js'
import type { ServiceRuntime } from '../inbound/handle-request.js'
import { errorResponse, noContent, type ODataRequest, type ODataResponse } from '../inbound/handler-context.js'
import type { Headers } from '../inbound/negotiate.js'
import { httpMessageHead } from '../inbound/http-message.js'
import { odataErrors } from '../odata-errors.js'
import { accepted, MONITOR_PATH, ownerOf } from './respond-async.js'

/**
 * The status monitor of an asynchronous request, `<root>/$async/<id>` (Protocol §11.6), for
 * the principal that started it only: anyone else gets the same 404 as for an unknown id.
 * GET answers 202 while the request runs, then once its result: `200` with `AsyncResult`
 * and the response itself, or that response as an `application/http` message when the
 * client accepts `application/http` (or asks for 4.0 without an Accept). DELETE cancels.
 */
export function statusMonitor(req: ODataRequest, principal: Principal, rt: ServiceRuntime): ODataResponse {
  const max = Number(req.headers['odata-maxversion'] ?? '4.01')
  const version: ODataVersion = max >= 4 && max < 4.01 ? '4.0' : '4.01'
  const id = req.path.slice(MONITOR_PATH.length)
  const owner = ownerOf(principal)
  try {
    if (req.method === 'GET') {
      const state = rt.async.state(id, owner)
      if (!state) throw unknown(id)
      if (state.kind === 'running') return accepted(rt, id, version)
      rt.async.forget(id)
      return result(state.response, req.headers, version)
    }
    if (req.method === 'DELETE') {
      const outcome = rt.async.cancel(id, owner)
      if (!outcome) throw unknown(id)
      if (outcome === 'committed') {
        throw odataErrors.create('ODATA_ASYNC_NOT_CANCELABLE', 'the request has already committed its changes (or started its action) and can no longer be cancelled; GET its status monitor for the result', { target: id })
      }
      return noContent({ 'odata-version': version })
    }
    return errorResponse(odataErrors.create('ODATA_METHOD_NOT_ALLOWED', `a status monitor answers GET and DELETE, not ${req.method}`, { target: req.method }), version, { allow: 'GET, DELETE' })
  } catch (error) {
    return errorResponse(error, version)
  }
}

function unknown(id: string) {
  return odataErrors.create('ODATA_UNKNOWN_RESOURCE', 'no asynchronous request is known by this status monitor: it never existed, was cancelled, its result was fetched, or it expired', { target: `$async/${id}` })
}

/** The final response: its status in `AsyncResult`, the response itself or as an HTTP message. */
function result(response: ODataResponse, headers: Headers, version: ODataVersion): ODataResponse {
  const accept = headers.accept
  const asMessage = accept === undefined ? version === '4.0' : /application\/http/i.test(accept)
  const asyncResult = String(response.status)
  if (!asMessage) return { status: 200, headers: { ...response.headers, asyncresult: asyncResult }, ...(response.body !== undefined ? { body: response.body } : {}) }
  const head = httpMessageHead(response)
  const body = response.body === undefined ? head : typeof response.body === 'string' ? head + response.body : Buffer.concat([Buffer.from(head), response.body])
  return { status: 200, headers: { 'content-type': 'application/http', asyncresult: asyncResult, 'odata-version': version }, body }
}
