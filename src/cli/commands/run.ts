import { hasErrors } from '../../model/index.js'
import { createRuntime } from '../../runtime/index.js'
import { loadAndCheck, printDiagnostics } from '../app-loading.js'
import type { CommandContext } from '../command-context.js'
import { loadConfig } from '../config.js'
import { throttledProgress } from '../progress.js'

export interface RunOptions {
  readonly config?: string
  readonly acceptDataLoss?: boolean
}

/** `portico run [appDir]`: refuses a model with errors; otherwise syncs, seeds, serves. */
export async function runCommand(ctx: CommandContext, appDir: string, options: RunOptions): Promise<number> {
  const { model, diagnostics } = loadAndCheck(ctx.platform, appDir)
  if (!model || hasErrors(diagnostics)) {
    printDiagnostics(diagnostics, ctx.err)
    ctx.err('the app model has errors: not starting')
    return 1
  }
  for (const d of diagnostics) ctx.err(`${d.file}:${d.line}:${d.column}  ${d.code}  ${d.severity}  ${d.message}`)
  const config = loadConfig({ appDir: model.dir, env: ctx.env, ...(options.config ? { file: options.config } : {}) })
  const runtime = await createRuntime({
    model,
    platform: ctx.platform,
    config,
    acceptDataLoss: options.acceptDataLoss === true,
    onSyncProgress: throttledProgress('schema', ctx.err),
  })
  const url = await runtime.listen()
  ctx.out(`${model.name} ${model.version} listening on ${url} (database ${runtime.store.driver.description})`)
  for (const c of runtime.contracts) ctx.out(`  ${c.kind} ${c.name} ${c.version}  ${c.baseUrl}  (${c.document})`)
  await ctx.stopped
  ctx.out('stopping')
  await runtime.close()
  return 0
}
