/**
 * A small benchmark harness: a subject and its baseline are measured in alternating rounds
 * in the same process and run (these machines are noisy), and the result is the ratio of
 * the medians. Ratios, not absolute times, are what the targets speak of.
 */

export interface BenchResult {
  readonly id: string
  readonly unit: string
  readonly value: number
  readonly baseline: number
  /** value / baseline for throughputs (higher is better); baseline / value for times. */
  readonly ratio: number
  readonly target?: string
  readonly note?: string
}

export interface Measured {
  readonly value: number
  readonly baseline: number
}

/**
 * Throughput of `subject` and `baseline` (operations per second), each run `batch`
 * operations per call, alternating for `rounds` rounds of about `roundMs` each.
 */
export async function compareThroughput(options: {
  readonly subject: (batch: number) => Promise<void>
  readonly baseline: (batch: number) => Promise<void>
  readonly batch: number
  readonly rounds?: number
  readonly roundMs?: number
}): Promise<Measured> {
  const rounds = options.rounds ?? 5
  const roundMs = options.roundMs ?? 400
  await options.baseline(options.batch)
  await options.subject(options.batch)
  const subject: number[] = []
  const baseline: number[] = []
  for (let r = 0; r < rounds; r++) {
    baseline.push(await rate(options.baseline, options.batch, roundMs))
    subject.push(await rate(options.subject, options.batch, roundMs))
  }
  return { value: median(subject), baseline: median(baseline) }
}

async function rate(fn: (batch: number) => Promise<void>, batch: number, ms: number): Promise<number> {
  let ops = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < ms) {
    await fn(batch)
    ops += batch
    elapsed = performance.now() - start
  }
  return (ops * 1000) / elapsed
}

/** Median wall time in seconds of `fn`, run `runs` times. */
export async function timeIt(fn: () => Promise<void> | void, runs = 3): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await fn()
    times.push((performance.now() - start) / 1000)
  }
  return median(times)
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

export function throughputResult(id: string, m: Measured, target?: string, note?: string): BenchResult {
  return { id, unit: 'ops/s', value: round(m.value), baseline: round(m.baseline), ratio: round(m.value / m.baseline, 3), ...(target ? { target } : {}), ...(note ? { note } : {}) }
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}
