import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Cancellation } from '../inbound/cancelable-request.js'
import type { ODataResponse } from '../inbound/handler-context.js'
import { createAsyncRequests } from './async-requests.js'

const OK: ODataResponse = { status: 200, headers: {}, body: '{}' }
const limits = { maxRequests: 10, maxPerOwner: 5, retentionMs: 60_000 }

/** A run that waits until released, handing out its cancellation. */
function gated() {
  let release!: () => void
  let cancellation!: Cancellation
  const released = new Promise<void>((resolve) => (release = resolve))
  const run = async (c: Cancellation) => {
    cancellation = c
    await released
    return OK
  }
  return { run, release, cancellation: () => cancellation }
}

describe('asynchronous requests', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('keeps a finished result for its owner only, until the retention time has passed', async () => {
    vi.useFakeTimers()
    const requests = createAsyncRequests(limits)
    const started = requests.start('ada', async () => OK)
    await started.settled
    expect(requests.state(started.id, 'grace')).toBeUndefined()
    expect(requests.state(started.id, 'ada')).toEqual({ kind: 'done', response: OK })
    vi.advanceTimersByTime(limits.retentionMs)
    expect(requests.state(started.id, 'ada')).toBeUndefined()
  })

  it('gives every request its own unguessable id', () => {
    const requests = createAsyncRequests(limits)
    const ids = Array.from({ length: 5 }, () => requests.start('ada', async () => OK).id)
    expect(new Set(ids).size).toBe(5)
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{24}$/)
  })

  it('cancels a request that has not committed: its commit then throws, so its transaction rolls back', async () => {
    const requests = createAsyncRequests(limits)
    const g = gated()
    const started = requests.start('ada', g.run)
    await Promise.resolve()
    expect(requests.cancel(started.id, 'grace')).toBeUndefined()
    expect(requests.cancel(started.id, 'ada')).toBe('cancelled')
    expect(requests.state(started.id, 'ada')).toBeUndefined()
    expect(() => g.cancellation().commit()).toThrow(expect.objectContaining({ code: 'ODATA_ASYNC_CANCELLED' }))
    g.release()
    await started.settled
  })

  it('refuses to cancel a request past its point of no return', async () => {
    const requests = createAsyncRequests(limits)
    const g = gated()
    const started = requests.start('ada', g.run)
    await Promise.resolve()
    g.cancellation().commit()
    expect(requests.cancel(started.id, 'ada')).toBe('committed')
    g.release()
    await started.settled
    expect(requests.state(started.id, 'ada')).toEqual({ kind: 'done', response: OK })
  })

  it('counts running, cancelled-but-running and unfetched requests against both limits', async () => {
    const requests = createAsyncRequests({ ...limits, maxRequests: 3, maxPerOwner: 2 })
    const g = gated()
    const first = requests.start('ada', g.run)
    requests.start('ada', async () => OK)
    expect(() => requests.start('ada', async () => OK)).toThrow(expect.objectContaining({ code: 'ODATA_ASYNC_LIMIT' }))
    requests.start('grace', async () => OK)
    expect(() => requests.start('alan', async () => OK)).toThrow(expect.objectContaining({ code: 'ODATA_ASYNC_LIMIT' }))
    requests.cancel(first.id, 'ada')
    expect(() => requests.start('alan', async () => OK)).toThrow(expect.objectContaining({ code: 'ODATA_ASYNC_LIMIT' }))
    g.release()
    await first.settled
    expect(requests.start('alan', async () => OK).id).toEqual(expect.any(String))
  })

  it('on close cancels what has not committed, waits for what has, and takes no more', async () => {
    const requests = createAsyncRequests(limits)
    const open = gated()
    const committed = gated()
    requests.start('ada', open.run)
    requests.start('ada', committed.run)
    await Promise.resolve()
    committed.cancellation().commit()
    let closed = false
    const closing = requests.close().then(() => (closed = true))
    expect(() => open.cancellation().check()).toThrow(expect.objectContaining({ code: 'ODATA_ASYNC_CANCELLED' }))
    expect(() => requests.start('ada', async () => OK)).toThrow(expect.objectContaining({ code: 'ODATA_ASYNC_CANCELLED' }))
    open.release()
    await Promise.resolve()
    expect(closed).toBe(false)
    committed.release()
    await closing
    expect(closed).toBe(true)
  })
})
