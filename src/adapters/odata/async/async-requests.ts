import { randomBytes } from 'node:crypto'
import type { Cancellation } from '../inbound/cancelable-request.js'
import { errorResponse, type ODataResponse } from '../inbound/handler-context.js'
import { odataErrors } from '../odata-errors.js'

/** How many asynchronous requests a service holds, and how long a result waits to be fetched. */
export interface AsyncLimits {
  readonly maxRequests: number
  readonly maxPerOwner: number
  /** Milliseconds a finished request keeps its result. */
  readonly retentionMs: number
}

/** What the owner of an asynchronous request sees of it. */
export type AsyncState = { readonly kind: 'running' } | { readonly kind: 'done'; readonly response: ODataResponse }

/** One request running (or run) in the background; `settled` resolves when it has ended. */
export interface AsyncRequest {
  readonly id: string
  readonly settled: Promise<void>
}

/**
 * The asynchronous requests of one service, in this process's memory: each is known by an
 * opaque random id and only to its owner (a principal's key); a finished one is kept until
 * its owner fetches it or for the retention time. `close` cancels what can be cancelled and
 * waits for the rest.
 */
export interface AsyncRequests {
  /** Starts `run` in the background; ODATA_ASYNC_LIMIT when the service or the owner holds the most allowed. */
  start(owner: string, run: (cancellation: Cancellation) => Promise<ODataResponse>): AsyncRequest
  /** The state for its owner; undefined for an unknown, cancelled, fetched or expired id, or another owner's. */
  state(id: string, owner: string): AsyncState | undefined
  /** Forgets the request (after its result was delivered). */
  forget(id: string): void
  /**
   * Cancels the request: `cancelled` when it leaves no change (it had not committed, or it was
   * a read), `committed` when it had and is kept; undefined as for `state`.
   */
  cancel(id: string, owner: string): 'cancelled' | 'committed' | undefined
  close(): Promise<void>
}

interface Entry {
  readonly owner: string
  settled: Promise<void>
  response?: ODataResponse
  cancelled: boolean
  committed: boolean
  expiry?: NodeJS.Timeout
}

export function createAsyncRequests(limits: AsyncLimits): AsyncRequests {
  const entries = new Map<string, Entry>()
  let closed = false

  const visible = (id: string, owner: string): Entry | undefined => {
    const entry = entries.get(id)
    return entry && entry.owner === owner && !entry.cancelled ? entry : undefined
  }
  const forget = (id: string): void => {
    const entry = entries.get(id)
    if (entry?.expiry) clearTimeout(entry.expiry)
    entries.delete(id)
  }
  const settle = (id: string, entry: Entry, response: ODataResponse): void => {
    if (entry.cancelled || closed) return void entries.delete(id)
    entry.response = response
    entry.expiry = setTimeout(() => forget(id), limits.retentionMs)
    entry.expiry.unref()
  }

  return {
    start(owner, run) {
      checkLimits(entries, owner, limits, closed)
      const id = randomBytes(18).toString('base64url')
      const entry: Entry = { owner, cancelled: false, committed: false, settled: Promise.resolve() }
      const cancellation: Cancellation = {
        check: () => {
          if (entry.cancelled) throw odataErrors.create('ODATA_ASYNC_CANCELLED', 'the asynchronous request was cancelled', { target: '$async' })
        },
        commit: () => {
          cancellation.check()
          entry.committed = true
        },
      }
      entry.settled = Promise.resolve()
        .then(() => run(cancellation))
        .catch((error: unknown) => errorResponse(error, '4.01'))
        .then((response) => settle(id, entry, response))
      entries.set(id, entry)
      return { id, settled: entry.settled }
    },
    state(id, owner) {
      const entry = visible(id, owner)
      if (!entry) return undefined
      return entry.response ? { kind: 'done', response: entry.response } : { kind: 'running' }
    },
    forget,
    cancel(id, owner) {
      const entry = visible(id, owner)
      if (!entry) return undefined
      if (entry.committed) return 'committed'
      entry.cancelled = true
      if (entry.response) forget(id)
      return 'cancelled'
    },
    async close() {
      closed = true
      for (const entry of entries.values()) if (!entry.committed) entry.cancelled = true
      await Promise.all([...entries.values()].map((e) => e.settled))
      for (const id of [...entries.keys()]) forget(id)
    },
  }
}

function checkLimits(entries: ReadonlyMap<string, Entry>, owner: string, limits: AsyncLimits, closed: boolean): void {
  if (closed) throw odataErrors.create('ODATA_ASYNC_CANCELLED', 'the service is shutting down and takes no asynchronous requests', { target: 'Prefer' })
  if (entries.size >= limits.maxRequests) {
    throw odataErrors.create('ODATA_ASYNC_LIMIT', `the service already holds ${entries.size} asynchronous requests, the most it allows; try again later`, { target: 'Prefer' })
  }
  let held = 0
  for (const entry of entries.values()) if (entry.owner === owner) held++
  if (held >= limits.maxPerOwner) {
    throw odataErrors.create('ODATA_ASYNC_LIMIT', `you already have ${held} asynchronous requests running or waiting to be fetched, the most allowed; fetch or cancel one first`, { target: 'Prefer' })
  }
}
