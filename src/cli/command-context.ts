import type { Platform } from '../runtime/index.js'

/** What every command gets: the adapters' platform, output streams and the environment. */
export interface CommandContext {
  readonly platform: Platform
  readonly env: Readonly<Record<string, string | undefined>>
  out(line: string): void
  err(line: string): void
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  readonly stopped: Promise<void>
  /** Standard input as text, for secrets that must not appear in arguments or shell history. */
  readStdin?(): Promise<string>
}
