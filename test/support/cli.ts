import { main } from '../../src/cli/main.js'
import { defaultPlatform } from '../../src/cli/adapters.js'

export interface CliResult {
  readonly code: number
  readonly out: string
  readonly err: string
}

/** Runs the `portico` command line in process, with the given environment. */
export async function runCli(args: readonly string[], env: Record<string, string> = {}, stopped: Promise<void> = Promise.resolve(), stdin = ''): Promise<CliResult> {
  const out: string[] = []
  const err: string[] = []
  const code = await main(args, {
    platform: defaultPlatform(),
    env: { PORTICO_LOG_LEVEL: 'silent', ...env },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    stopped,
    readStdin: async () => stdin,
  })
  return { code, out: out.join('\n'), err: err.join('\n') }
}
