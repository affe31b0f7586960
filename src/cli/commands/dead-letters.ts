import type { DeadLetter } from '../../flows/index.js'
import type { CommandContext } from '../command-context.js'
import { withRuntime, type RuntimeCommandOptions } from '../with-runtime.js'

export interface DeadLetterListOptions extends RuntimeCommandOptions {
  readonly all?: boolean
  readonly flow?: string
  readonly limit?: string
}

/** `portico dead-letters list [appDir]`: open dead letters (all with --all), oldest first. */
export async function deadLettersListCommand(ctx: CommandContext, appDir: string, options: DeadLetterListOptions): Promise<number> {
  return withRuntime(ctx, appDir, options, async (runtime) => {
    const letters = await runtime.flows.deadLetters.list({ status: options.all ? 'all' : 'open', ...(options.flow ? { flow: options.flow } : {}), limit: Number(options.limit ?? 100) })
    if (letters.length === 0) ctx.out(options.all ? 'no dead letters' : 'no open dead letters')
    for (const d of letters) ctx.out(`${d.id}  ${d.status}  ${d.flow}  ${d.failedAt}  ${d.attempts} attempt(s)  ${d.errorCode}: ${firstLine(d.error)}`)
    return 0
  })
}

/** `portico dead-letters show|retry|discard <id> [appDir]`. */
export async function deadLetterCommand(ctx: CommandContext, action: 'show' | 'retry' | 'discard', id: string, appDir: string, options: RuntimeCommandOptions): Promise<number> {
  const n = Number(id)
  if (!Number.isSafeInteger(n) || n <= 0) {
    ctx.err(`'${id}' is not a dead letter id`)
    return 1
  }
  return withRuntime(ctx, appDir, options, async (runtime) => {
    const letters = runtime.flows.deadLetters
    if (action === 'show') {
      printLetter(ctx, await letters.show(n))
      return 0
    }
    if (action === 'discard') {
      const r = await letters.discard(n)
      ctx.out(r.already ? `dead letter ${n} was already ${r.already}; nothing done` : `dead letter ${n} discarded`)
      return 0
    }
    const r = await letters.retry(n)
    if (r.already) {
      ctx.out(`dead letter ${n} was already ${r.already}; nothing done`)
      return 0
    }
    const result = r.result
    ctx.out(`dead letter ${n} retried: ${result?.status ?? 'not run'}`)
    if (result?.error) ctx.err(`${result.error.code}: ${result.error.message}`)
    if (result?.deadLetterId !== undefined) ctx.err(`it failed again and is kept as dead letter ${result.deadLetterId}`)
    return result?.status === 'succeeded' ? 0 : 1
  })
}

function printLetter(ctx: CommandContext, d: DeadLetter): void {
  ctx.out(`id:        ${d.id}`)
  ctx.out(`flow:      ${d.flow}`)
  ctx.out(`status:    ${d.status}${d.settledAt ? ` (${d.settledAt})` : ''}`)
  ctx.out(`failed at: ${d.failedAt} after ${d.attempts} attempt(s)`)
  if (d.retryOf !== null) ctx.out(`retry of:  ${d.retryOf}`)
  ctx.out(`trigger:   ${d.trigger}`)
  ctx.out(`error:     ${d.errorCode}: ${d.error}`)
  ctx.out(`payload:   ${d.payload ?? '(not kept: the input was a stream)'}`)
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text
}
