import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const PROBE = fileURLToPath(new URL('./stream-memory-probe.ts', import.meta.url))
const run = promisify(execFile)

/**
 * Each kind maps a generated input in its own process: what stays alive after a full
 * collection does not grow with the input (constant memory), and the resident set stays
 * well below the input's size. The bench does the same with 200 MB.
 */
describe('streaming imports run in constant memory', () => {
  it.concurrent.each([
    ['json', 24],
    ['csv', 16],
    ['xml', 8],
  ] as const)('%s: %i MB of input', async (kind, megabytes) => {
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', PROBE, kind, String(megabytes)], { timeout: 120_000 })
    const result = JSON.parse(stdout) as { ok: number; failed: number; rssGrowthMb: number; liveHeapGrowthMb: number }
    expect(result.failed).toBe(0)
    expect(result.ok).toBeGreaterThan(10_000)
    expect(result.liveHeapGrowthMb).toBeLessThan(8)
    expect(result.rssGrowthMb).toBeLessThan(megabytes)
  }, 120_000)
})
