import { PorticoError } from '../../../errors/index.js'
import type { EntityOperations } from '../../../kernel/index.js'
import type { ODataRequest, ODataResponse } from './handler-context.js'
import { handleRequest, type ServiceRuntime } from './handle-request.js'

/**
 * How a request running in the background learns that it was cancelled, and tells when it can
 * no longer be: OData asks that a cancelled request leave no observable change (Protocol §11.6).
 */
export interface Cancellation {
  /** Throws ODATA_ASYNC_CANCELLED when the request was cancelled. */
  check(): void
  /**
   * The point of no return, right before changes are committed: throws when the request was
   * cancelled; from then on a cancellation is refused.
   */
  commit(): void
}

/**
 * Runs one request so that cancelling it leaves no change. A read runs as it is (a cancelled
 * one is only discarded). A write runs in a transaction that passes the point of no return
 * only once the request succeeded, so a cancellation before it rolls everything back. An
 * action passes it before it starts: its flow commits in its own transaction.
 */
export async function runCancelable(req: ODataRequest, ops: EntityOperations, rt: ServiceRuntime, cancellation: Cancellation, contentIds?: ReadonlyMap<string, string>): Promise<ODataResponse> {
  cancellation.check()
  if (req.method === 'GET') return handleRequest(req, ops, rt, contentIds)
  if (invokesAction(req, rt)) {
    cancellation.commit()
    return handleRequest(req, ops, rt, contentIds)
  }
  return inTransaction(ops, cancellation, (tx) => handleRequest(req, tx, rt, contentIds))
}

/** Ends the transaction of a request that failed or was cancelled; a PorticoError, so the store passes it through the rollback. */
class RolledBack extends PorticoError {
  constructor(readonly response: ODataResponse) {
    super('ODATA_ASYNC_CANCELLED', 'unavailable', 'the request was rolled back')
  }
}

async function inTransaction(ops: EntityOperations, cancellation: Cancellation, run: (tx: EntityOperations) => Promise<ODataResponse>): Promise<ODataResponse> {
  try {
    return await ops.transaction(async (tx) => {
      const response = await run(tx)
      if (response.status >= 400) throw new RolledBack(response)
      cancellation.commit()
      return response
    })
  } catch (error) {
    if (error instanceof RolledBack) return error.response
    throw error
  }
}

/** Whether the request invokes an action import (whose flow runs in a transaction of its own). */
function invokesAction(req: ODataRequest, rt: ServiceRuntime): boolean {
  const name = /^\/([A-Za-z_][A-Za-z0-9_]*)(?:\(|\/|$)/.exec(req.path)?.[1]
  return name !== undefined && rt.service.operation.get(name)?.kind === 'action'
}
