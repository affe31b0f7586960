import { resolve } from 'node:path'
import { fileInput, parameterFromText, type FlowResult } from '../../flows/index.js'
import type { CommandContext } from '../command-context.js'
import { withRuntime, type RuntimeCommandOptions } from '../with-runtime.js'

export interface FlowRunOptions extends RuntimeCommandOptions {
  /** A file the flow gets as its input (`$input`): an import streams it. */
  readonly input?: string
  /** `name=value` pairs for the flow's declared parameters, parsed by their types. */
  readonly param?: readonly string[]
  readonly json?: boolean
}

/** `portico flow run <name> [appDir]`: runs a flow once by hand; exit 0 when it succeeded. */
export async function flowRunCommand(ctx: CommandContext, name: string, appDir: string, options: FlowRunOptions): Promise<number> {
  return withRuntime(ctx, appDir, options, async (runtime) => {
    const input = options.input === undefined ? undefined : fileInput(resolve(options.input))
    const summary = runtime.flows.flows.find((f) => f.name === name || f.name.endsWith(`.${name}`))
    const parameters: Record<string, unknown> = {}
    for (const pair of options.param ?? []) {
      const eq = pair.indexOf('=')
      const key = eq < 0 ? pair : pair.slice(0, eq)
      const declared = summary?.parameters.find((p) => p.name === key)
      if (eq < 0 || !declared) {
        ctx.err(`--param ${pair}: ${eq < 0 ? 'write name=value' : `flow ${summary?.name ?? name} has no parameter '${key}'; parameters: ${summary?.parameters.map((p) => `${p.name} (${p.type})`).join(', ') || 'none'}`}`)
        return 2
      }
      const parsed = parameterFromText(declared.type, pair.slice(eq + 1))
      if (!parsed.ok) {
        ctx.err(`--param ${key}: ${parsed.message}`)
        return 2
      }
      parameters[key] = parsed.value
    }
    const result = await runtime.flows.run(name, input, { trigger: { kind: 'manual' }, ...(Object.keys(parameters).length > 0 ? { parameters } : {}) })
    if (options.json) ctx.out(JSON.stringify(result, null, 2))
    else printResult(ctx, result)
    return result.status === 'succeeded' ? 0 : 1
  })
}

/** `portico flow list [appDir]`: the declared flows and what triggers them. */
export async function flowListCommand(ctx: CommandContext, appDir: string, options: RuntimeCommandOptions): Promise<number> {
  return withRuntime(ctx, appDir, options, async (runtime) => {
    for (const f of runtime.flows.flows) ctx.out(`${f.name}  ${f.trigger.kind}${f.trigger.kind === 'schedule' ? ` ${f.trigger.cron}${f.trigger.timezone ? ` (${f.trigger.timezone})` : ''}` : ''}${f.description ? `  ${f.description.split('\n')[0]}` : ''}`)
    return 0
  })
}

function printResult(ctx: CommandContext, r: FlowResult): void {
  ctx.out(`${r.flow}: ${r.status} in ${r.durationMs} ms (attempt ${r.attempt})`)
  if (r.records) ctx.out(`records: ${r.records.records} read, ${r.records.created} created, ${r.records.updated} updated, ${r.records.ignored} ignored, ${r.records.skipped} skipped`)
  for (const s of r.skipped) {
    const where = `record ${s.record}${s.line ? ` (line ${s.line})` : ''}${s.path ? ` at ${s.path}` : ''}`
    ctx.out(`  skipped ${where}: ${s.reasons.map((x) => (x.path ? `${x.path}: ${x.message}` : x.message)).join('; ')}`)
  }
  if (r.output !== undefined) ctx.out(`output: ${JSON.stringify(r.output)}`)
  if (r.error) ctx.err(`${r.error.code}: ${r.error.message}`)
  if (r.nextAttemptAt) ctx.err(`retry ${r.attempt + 1} is scheduled for ${r.nextAttemptAt} (it runs when the app runs)`)
  if (r.deadLetterId !== undefined) ctx.err(`kept as dead letter ${r.deadLetterId}: portico dead-letters show ${r.deadLetterId}`)
}
