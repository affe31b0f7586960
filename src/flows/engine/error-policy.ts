import type { RetryPolicy } from '../flow-declaration.js'

/**
 * The wait before attempt `attempt + 1` after attempt `attempt` failed: the initial delay
 * doubled per attempt, capped at the maximum, plus up to `jitter` of itself at random so
 * runs that failed together do not retry together.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(Math.min(policy.maxDelayMs, base * (1 + policy.jitter * random())))
}
