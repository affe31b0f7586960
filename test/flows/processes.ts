import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const SCRIPT = fileURLToPath(new URL('./flow-process.ts', import.meta.url))

/** A flow shop runtime in a child process, and the JSON events it prints. */
export interface FlowProcess {
  readonly child: ChildProcess
  /** Resolves with the first event of that name (rejects when the process exits first). */
  next(event: string, timeoutMs?: number): Promise<Record<string, unknown>>
  /** SIGTERM (a clean stop) or SIGKILL (a crash); resolves when it has exited. */
  stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>
}

export function startFlowProcess(mode: 'serve' | 'fail-once', databaseUrl: string): FlowProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, mode, databaseUrl], { stdio: ['ignore', 'pipe', 'pipe'] })
  const events: Record<string, unknown>[] = []
  const waiting: (() => void)[] = []
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => void (stderr += d.toString()))
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    try {
      events.push(JSON.parse(line) as Record<string, unknown>)
    } catch {
      return
    }
    for (const w of waiting.splice(0)) w()
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    child,
    async next(event, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const found = events.find((e) => e.event === event)
        if (found) return found
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no '${event}' from the flow process (exit ${child.exitCode}): ${stderr}`)
        await Promise.race([new Promise<void>((r) => waiting.push(r)), exited, new Promise((r) => setTimeout(r, 250))])
      }
    },
    async stop(signal) {
      if (child.exitCode === null) child.kill(signal)
      await exited
    },
  }
}
