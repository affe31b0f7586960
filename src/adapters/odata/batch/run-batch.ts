import { PorticoError } from '../../../errors/index.js'
import type { EntityOperations } from '../../../kernel/index.js'
import { runCancelable, type Cancellation } from '../inbound/cancelable-request.js'
import { relativePath } from '../inbound/entity-reference.js'
import type { ODataRequest, ODataResponse } from '../inbound/handler-context.js'
import { handleRequest, type ServiceRuntime } from '../inbound/handle-request.js'

/** One request of a batch, with the id later requests refer to it by (`Content-ID`, JSON `id`). */
export interface BatchItem {
  readonly id?: string
  readonly method: string
  /** As written: relative to the service root, an absolute path, an absolute URL, or `$<id>…`. */
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string
}

/** A request on its own, or a change set (atomicity group) that succeeds or fails as a whole. */
export type BatchGroup = { readonly kind: 'single'; readonly item: BatchItem } | { readonly kind: 'changeset'; readonly id: string; readonly items: readonly BatchItem[] }

export type GroupResult =
  | { readonly kind: 'single'; readonly item: BatchItem; readonly response: ODataResponse }
  | { readonly kind: 'changeset'; readonly id: string; readonly items: readonly BatchItem[]; readonly responses: readonly ODataResponse[] }
  /** A change set that failed: nothing of it was kept; `failed` is the index of the request that failed. */
  | { readonly kind: 'failed'; readonly id: string; readonly items: readonly BatchItem[]; readonly failed: number; readonly response: ODataResponse }

/**
 * Ends a change set's transaction when one of its requests failed. A PorticoError, so that
 * the store passes it through the rollback unchanged (it wraps foreign errors).
 */
class ChangeSetFailure extends PorticoError {
  constructor(
    readonly index: number,
    readonly response: ODataResponse,
  ) {
    super('ODATA_BAD_BATCH', 'invalid', `request ${index + 1} of the change set failed`)
  }
}

export interface BatchOptions {
  readonly continueOnError: boolean
  /** For a batch run asynchronously: stops it when its status monitor is deleted. */
  readonly cancellation?: Cancellation
}

/**
 * Runs the groups of a batch in order. A change set runs in one kernel transaction: the
 * first request that fails rolls all of it back. Content-IDs of created entities resolve in
 * the URLs and `@odata.bind` values of later requests. Without `continue-on-error` the batch
 * stops after the first failure. A batch run asynchronously can be cancelled until it first
 * commits: before each request, and inside each change set's transaction before it commits.
 */
export async function runBatch(groups: readonly BatchGroup[], ops: EntityOperations, rt: ServiceRuntime, options: BatchOptions): Promise<GroupResult[]> {
  const contentIds = new Map<string, string>()
  const results: GroupResult[] = []
  for (const group of groups) {
    options.cancellation?.check()
    const result = group.kind === 'single' ? await runSingle(group.item, ops, rt, contentIds, options.cancellation) : await runChangeSet(group, ops, rt, contentIds, options.cancellation)
    results.push(result)
    if (!options.continueOnError && failed(result)) break
  }
  return results
}

function failed(result: GroupResult): boolean {
  return result.kind === 'failed' || (result.kind === 'single' && result.response.status >= 400)
}

async function runSingle(item: BatchItem, ops: EntityOperations, rt: ServiceRuntime, contentIds: Map<string, string>, cancellation?: Cancellation): Promise<GroupResult> {
  const req = toRequest(item, rt, contentIds)
  const response = cancellation ? await runCancelable(req, ops, rt, cancellation, contentIds) : await handleRequest(req, ops, rt, contentIds)
  remember(item, response, rt, contentIds)
  return { kind: 'single', item, response }
}

async function runChangeSet(group: Extract<BatchGroup, { kind: 'changeset' }>, ops: EntityOperations, rt: ServiceRuntime, contentIds: Map<string, string>, cancellation?: Cancellation): Promise<GroupResult> {
  const local = new Map(contentIds)
  try {
    const responses = await ops.transaction(async (tx) => {
      const out: ODataResponse[] = []
      for (const [index, item] of group.items.entries()) {
        const response = await handleRequest({ ...toRequest(item, rt, local), inChangeSet: true }, tx, rt, local)
        if (response.status >= 400) throw new ChangeSetFailure(index, response)
        remember(item, response, rt, local)
        out.push(response)
      }
      cancellation?.commit()
      return out
    })
    for (const [k, v] of local) contentIds.set(k, v)
    return { kind: 'changeset', id: group.id, items: group.items, responses }
  } catch (error) {
    if (error instanceof ChangeSetFailure) return { kind: 'failed', id: group.id, items: group.items, failed: error.index, response: error.response }
    throw error
  }
}

/** A batch item as a request: `$<id>` references replaced, the URL split into path and query. */
function toRequest(item: BatchItem, rt: ServiceRuntime, contentIds: ReadonlyMap<string, string>): ODataRequest {
  const relative = relativePath(item.url, { root: rt.root, contentIds })
  const q = relative.indexOf('?')
  const path = `/${q < 0 ? relative : relative.slice(0, q)}`
  const headers = Object.fromEntries(Object.entries(item.headers).map(([k, v]) => [k.toLowerCase(), v]))
  return { method: item.method.toUpperCase(), path, query: q < 0 ? '' : relative.slice(q + 1), headers, ...(item.body !== undefined ? { body: item.body } : {}) }
}

/** Records the entity a request created (its Location) under the request's id. */
function remember(item: BatchItem, response: ODataResponse, rt: ServiceRuntime, contentIds: Map<string, string>): void {
  const location = response.headers.location ?? response.headers['odata-entityid']
  if (item.id !== undefined && location) contentIds.set(item.id, relativePath(location, { root: rt.root }))
}
