import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { backoffDelay } from '../../src/flows/index.js'
import { databaseKinds } from '../support/databases.js'
import type { ExampleRuntime } from '../support/example-runtime.js'
import { manualClock, startFlowShop } from './flow-shop.js'

const kinds = await databaseKinds()

describe('backoff', () => {
  it('doubles from the initial delay up to the maximum, plus jitter', () => {
    const policy = { attempts: 9, initialDelayMs: 1000, maxDelayMs: 10_000, jitter: 0.5 }
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(policy, a, () => 0))).toEqual([1000, 2000, 4000, 8000, 10_000])
    expect(backoffDelay(policy, 2, () => 1)).toBe(3000)
    expect(backoffDelay(policy, 5, () => 1)).toBe(10_000)
  })
})

describe.each(kinds)('retries and dead letters on %s', (kind) => {
  let app: ExampleRuntime
  const clock = manualClock()
  beforeEach(async () => {
    app = await startFlowShop(kind, { clock: clock.now, random: () => 0 })
  })
  afterEach(async () => app?.close())

  const audits = async () => (await app.system.query({ entity: 'Shop.AuditEntry' })).rows.map((r) => r.text)

  it('retries with backoff until the attempts are used up, then keeps a dead letter', async () => {
    const first = await app.runtime.flows.run('Flaky', { text: 'one' })
    expect(first).toMatchObject({ status: 'retrying', attempt: 1, error: { code: 'FLOW_VALIDATION_FAILED', message: 'not ready yet for one' } })
    expect(first.nextAttemptAt).toBe(new Date(clock.now().getTime() + 1000).toISOString())
    expect(await app.runtime.flows.pollRetries()).toBe(0)
    clock.advance(1000)
    expect(await app.runtime.flows.pollRetries()).toBe(1)
    clock.advance(1999)
    expect(await app.runtime.flows.pollRetries()).toBe(0)
    clock.advance(1)
    expect(await app.runtime.flows.pollRetries()).toBe(1)
    const [letter] = await app.runtime.flows.deadLetters.list()
    expect(letter).toMatchObject({ flow: 'Shop.Flaky', attempts: 3, errorCode: 'FLOW_VALIDATION_FAILED', status: 'open', retryOf: null })
    expect(JSON.parse(letter?.payload ?? 'null')).toEqual({ text: 'one' })
    expect(JSON.parse(letter?.trigger ?? 'null')).toEqual({ kind: 'manual' })
  })

  it('a retry that succeeds ends the retries', async () => {
    await app.runtime.flows.run('Flaky', { text: 'two' })
    await app.system.create('Shop.Marker', { name: 'ready' })
    clock.advance(1000)
    expect(await app.runtime.flows.pollRetries()).toBe(1)
    clock.advance(60_000)
    expect(await app.runtime.flows.pollRetries()).toBe(0)
    expect(await audits()).toEqual(['flaky: two'])
  })

  it('a dead letter is retried once, or discarded; a second retry does nothing', async () => {
    const broken = await app.runtime.flows.run('Broken', 'x')
    clock.advance(1000)
    await app.runtime.flows.pollRetries()
    const flaky = await app.runtime.flows.run('Flaky', { text: 'three' })
    expect(broken.status).toBe('retrying')
    expect(flaky.status).toBe('retrying')
    for (let i = 0; i < 3; i++) {
      clock.advance(10_000)
      await app.runtime.flows.pollRetries()
    }
    const letters = await app.runtime.flows.deadLetters.list()
    expect(letters.map((l) => l.flow)).toEqual(['Shop.Broken', 'Shop.Flaky'])
    const [brokenLetter, flakyLetter] = letters
    await app.system.create('Shop.Marker', { name: 'ready' })
    const retried = await app.runtime.flows.deadLetters.retry(flakyLetter?.id as number)
    expect(retried.result?.status).toBe('succeeded')
    expect(await app.runtime.flows.deadLetters.retry(flakyLetter?.id as number)).toMatchObject({ already: 'retried' })
    expect(await audits()).toEqual(['flaky: three'])
    const again = await app.runtime.flows.deadLetters.retry(brokenLetter?.id as number)
    expect(again.result).toMatchObject({ status: 'dead-lettered', error: { code: 'FLOW_FAILED', message: 'broken on purpose: x' } })
    const newest = await app.runtime.flows.deadLetters.show(again.result?.deadLetterId as number)
    expect(newest).toMatchObject({ retryOf: brokenLetter?.id, attempts: 1, status: 'open' })
    expect(await app.runtime.flows.deadLetters.discard(newest.id)).toMatchObject({ letter: { status: 'discarded' } })
    expect(await app.runtime.flows.deadLetters.discard(newest.id)).toMatchObject({ already: 'discarded' })
    expect((await app.runtime.flows.deadLetters.list()).map((l) => l.id)).toEqual([])
    expect((await app.runtime.flows.deadLetters.list({ status: 'all' })).map((l) => l.status)).toEqual(['retried', 'retried', 'discarded'])
  })

  it('one transaction per run: a failure rolls back what the run wrote', async () => {
    const result = await app.runtime.flows.run('Tour', { limit: 1000 })
    expect(result.status).toBe('failed')
    expect(result.error).toMatchObject({ code: 'FLOW_VALIDATION_FAILED', message: 'the export is empty' })
    expect(await app.system.findByKey('Shop.Category', { code: 'TOUR' })).toBeUndefined()
  })
})
