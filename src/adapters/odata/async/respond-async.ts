import type { EntityOperations, Principal } from '../../../kernel/index.js'
import { handleBatch } from '../batch/handle-batch.js'
import type { ODataVersion } from '../contract/csdl-json.js'
import { runCancelable } from '../inbound/cancelable-request.js'
import type { ServiceRuntime } from '../inbound/handle-request.js'
import { errorResponse, type ODataRequest, type ODataResponse } from '../inbound/handler-context.js'
import { negotiate, type Negotiated } from '../inbound/negotiate.js'
import type { AsyncRequest } from './async-requests.js'

/** Where status monitors live under the service root: `<root>/$async/<id>`. */
export const MONITOR_PATH = '/$async/'

/** Seconds a client is asked to wait before it asks a status monitor again. */
export const RETRY_AFTER = '1'

/** What `Prefer: respond-async` asks: the seconds the client waits for a synchronous answer, and the version to answer in. */
export interface AsyncPreference {
  readonly wait: number
  readonly version: ODataVersion
}

/**
 * Whether the request prefers to be answered asynchronously (`respond-async`, with or
 * without `odata.`). Headers that do not negotiate (a bad OData-Version) are answered
 * synchronously, so the error names them at once.
 */
export function asyncPreference(req: ODataRequest): AsyncPreference | undefined {
  const prefer = req.headers.prefer
  if (prefer === undefined || !/respond-async/i.test(prefer)) return undefined
  let negotiated: Negotiated
  try {
    negotiated = negotiate(req.headers, undefined)
  } catch {
    return undefined // handled synchronously, where the same negotiation fails with its error
  }
  return negotiated.prefer.respondAsync ? { wait: negotiated.prefer.wait ?? 0, version: negotiated.version } : undefined
}

/**
 * Runs a request (or `$batch`) in the background with the caller's operations (Protocol
 * §11.6). When it ends within the `wait` preference it is answered as usual; otherwise with
 * `202 Accepted`, the status monitor in `Location`, `Retry-After` and `Preference-Applied:
 * respond-async`. Refused with 429 when the service or the caller holds too many.
 */
export async function respondAsync(req: ODataRequest, ops: EntityOperations, rt: ServiceRuntime, preference: AsyncPreference): Promise<ODataResponse> {
  const owner = ownerOf(ops.principal)
  let started: AsyncRequest
  try {
    started = rt.async.start(owner, (cancellation) => (req.path === '/$batch' ? handleBatch(req, ops, rt, cancellation) : runCancelable(req, ops, rt, cancellation)))
  } catch (error) {
    return errorResponse(error, preference.version, { 'retry-after': RETRY_AFTER })
  }
  if (preference.wait > 0 && (await settledWithin(started.settled, preference.wait * 1000))) {
    const state = rt.async.state(started.id, owner)
    if (state?.kind === 'done') {
      rt.async.forget(started.id)
      return state.response
    }
  }
  return accepted(rt, started.id, preference.version, { 'preference-applied': 'respond-async' })
}

/** `202 Accepted` pointing at the status monitor. */
export function accepted(rt: ServiceRuntime, id: string, version: ODataVersion, headers: Record<string, string> = {}): ODataResponse {
  return { status: 202, headers: { location: `${rt.root}${MONITOR_PATH}${id}`, 'retry-after': RETRY_AFTER, 'odata-version': version, ...headers } }
}

/** Whose asynchronous request it is: the principal's kind and id (not its roles, which may change). */
export function ownerOf(principal: Principal): string {
  return `${principal.kind}\u0000${principal.id}`
}

async function settledWithin(settled: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.min(ms, 2 ** 31 - 1))
  })
  try {
    return await Promise.race([settled.then(() => true), timeout])
  } finally {
    clearTimeout(timer)
  }
}
