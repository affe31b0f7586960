import { Cron } from 'croner'

/** Waits `ms` unless the signal aborts first; never rejects. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, Math.max(0, ms))
    function done(): void {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}

export interface ScheduleOptions {
  readonly cron: string
  readonly timezone?: string
  readonly clock: () => Date
  readonly signal: AbortSignal
  /** Called once per tick (its scheduled time, ISO); the caller claims it in the database. */
  readonly fire: (tick: string) => Promise<void>
}

/**
 * Fires a cron schedule until the signal aborts: sleeps to the next tick, fires it, and
 * computes the next one from the clock, so a tick missed while a run lasted is skipped,
 * not queued. Every instance computes the same tick times; the database decides which
 * instance runs each.
 */
export async function runSchedule(options: ScheduleOptions): Promise<void> {
  const cron = new Cron(options.cron, { paused: true, ...(options.timezone ? { timezone: options.timezone } : {}) })
  let last = ''
  while (!options.signal.aborted) {
    const next = cron.nextRun(options.clock())
    if (!next) return
    await sleep(next.getTime() - options.clock().getTime(), options.signal)
    if (options.signal.aborted) return
    const tick = next.toISOString()
    if (tick === last || options.clock().getTime() < next.getTime()) continue
    last = tick
    await options.fire(tick)
  }
}
