import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import autocannon from 'autocannon'
import { median, round, type BenchResult } from '../harness.js'
import { ROOT, scriptArgs } from '../paths.js'

/** One load scenario: what to send, to either server. */
export interface Scenario {
  readonly id: string
  readonly target: string
  readonly method?: 'GET' | 'POST'
  readonly path: (server: 'portico' | 'baseline') => string
  readonly headers?: (server: 'portico' | 'baseline') => Record<string, string>
  /** A new body per request (creates need unique keys). */
  readonly body?: (server: 'portico' | 'baseline', n: number) => string
  readonly expectStatus: number
}

export interface Servers {
  readonly urls: { readonly portico: string; readonly baseline: string }
  close(): Promise<void>
}

/**
 * Starts a bench server script in a child process pinned to core 0 (when taskset exists)
 * and pins this process, the load generator, to core 1, so the two do not share a core.
 */
export async function startServers(script: string, args: readonly string[]): Promise<Servers> {
  const command = ['node', ...scriptArgs(script), ...args]
  const child: ChildProcess = spawn('taskset', ['-c', '0', ...command], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] })
  spawn('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' })
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream })
    rl.once('line', resolve)
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)))
  })
  return {
    urls: JSON.parse(line) as Servers['urls'],
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.stdin?.end()
        setTimeout(() => child.kill('SIGKILL'), 5000).unref()
      }),
  }
}

interface Run {
  readonly rps: number
  readonly p99: number
  readonly errors: number
}

async function load(url: string, s: Scenario, server: 'portico' | 'baseline', seconds: number): Promise<Run> {
  let n = 0
  const base = new URL(url)
  const prefix = base.pathname.replace(/\/$/, '')
  const result = await autocannon({
    url: base.origin,
    connections: 10,
    duration: seconds,
    requests: [
      {
        method: s.method ?? 'GET',
        path: prefix + s.path(server),
        headers: { ...(s.body ? { 'content-type': 'application/json' } : {}), ...(s.headers?.(server) ?? {}) },
        ...(s.body ? { setupRequest: (req: autocannon.Request) => ({ ...req, body: s.body?.(server, n++) }) } : {}),
      },
    ],
  })
  const stats = (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {}
  const wrong = Object.entries(stats).filter(([code]) => Number(code) !== s.expectStatus).reduce((sum, [, v]) => sum + v.count, 0)
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.timeouts + wrong }
}

/**
 * Requests/s of Portico and of the hand-written route, measured in eight adjacent pairs of
 * two seconds each after two seconds' warm-up of each; which of the two goes first
 * alternates from round to round, so neither always inherits the other's garbage or a
 * warmer cache. The ratio is the median of the pairs' ratios: a pair shares
 * the machine's state of the moment, which on a shared, noisy machine moves more between
 * rounds than between the two halves of one. Requests/s are the medians of each side.
 */
export async function compareScenario(servers: Servers, s: Scenario, options: { rounds?: number; seconds?: number } = {}): Promise<BenchResult> {
  const rounds = options.rounds ?? 8
  const seconds = options.seconds ?? 2
  await load(servers.urls.baseline, s, 'baseline', 2)
  await load(servers.urls.portico, s, 'portico', 2)
  const portico: Run[] = []
  const baseline: Run[] = []
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      baseline.push(await load(servers.urls.baseline, s, 'baseline', seconds))
      portico.push(await load(servers.urls.portico, s, 'portico', seconds))
    } else {
      portico.push(await load(servers.urls.portico, s, 'portico', seconds))
      baseline.push(await load(servers.urls.baseline, s, 'baseline', seconds))
    }
  }
  const errors = [...portico, ...baseline].reduce((sum, r) => sum + r.errors, 0)
  const ratios = portico.map((p, i) => p.rps / (baseline[i] as Run).rps)
  return {
    id: s.id,
    unit: 'req/s',
    value: round(median(portico.map((r) => r.rps))),
    baseline: round(median(baseline.map((r) => r.rps))),
    ratio: round(median(ratios), 3),
    target: s.target,
    note: `p99 ${median(portico.map((r) => r.p99))} ms vs ${median(baseline.map((r) => r.p99))} ms hand-written; pair ratios ${ratios.map((x) => x.toFixed(2)).join(' ')}${errors > 0 ? `; ${errors} unexpected responses` : ''}`,
  }
}
