import type { Kernel } from '../../kernel/index.js'
import { SYSTEM_PRINCIPAL } from '../../kernel/index.js'
import type { FlowRuns } from './flow-runs.js'
import { runSchedule, sleep } from './scheduler.js'

export interface TriggerOptions {
  readonly kernel: Kernel
  readonly pollIntervalMs: number
  readonly signal?: AbortSignal
}

/**
 * Starts what makes flows run by themselves: a loop per schedule, a handler per entity
 * trigger (after commit), and the retry poller. Returns the function that stops them all.
 */
export function startTriggers(runs: FlowRuns, options: TriggerOptions): () => Promise<void> {
  const controller = new AbortController()
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal
  const loops: Promise<void>[] = []
  const unsubscribe: (() => void)[] = []
  const clock = runs.options.clock
  for (const flow of runs.flows.values()) {
    const t = flow.declaration.trigger
    if (t.kind === 'schedule') {
      const fire = async (tick: string): Promise<void> => {
        if (!(await runs.options.store.claimTick(flow.name, tick, runs.options.instance, clock().toISOString()))) return
        const work = runs.run(flow, undefined, { trigger: { kind: 'schedule', tick } })
        runs.track(work)
        await work
      }
      loops.push(runSchedule({ cron: t.cron, ...(t.timezone ? { timezone: t.timezone } : {}), clock, signal, fire: (tick) => fire(tick).catch((err: unknown) => runs.options.log.error({ err, flow: flow.name }, 'a scheduled run could not start')) }))
    }
    if (t.kind === 'entity') {
      unsubscribe.push(
        options.kernel.on(t.entity, 'afterCommit', (event) => {
          if (!t.on.includes(event.kind) || signal.aborted) return
          const input = event.object ?? event.previous ?? null
          const trigger = { kind: 'entity', event: event.kind, entity: event.entity, id: event.id, ...(event.previous ? { previous: event.previous } : {}) } as const
          runs.track(runs.run(flow, input, { trigger, principal: SYSTEM_PRINCIPAL }))
        }),
      )
    }
  }
  loops.push(pollLoop(runs, options.pollIntervalMs, signal))
  return async () => {
    controller.abort()
    for (const u of unsubscribe) u()
    await Promise.all(loops)
  }
}

async function pollLoop(runs: FlowRuns, intervalMs: number, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      const work = runs.pollRetries()
      runs.track(work)
      await work
    } catch (error) {
      runs.options.log.error({ err: error }, 'the retry poller failed; it tries again')
    }
    await sleep(intervalMs, signal)
  }
}
