import { hasErrors } from '../../model/index.js'
import { loadAndCheck, printDiagnostics } from '../app-loading.js'
import type { CommandContext } from '../command-context.js'
import { createAppRuntime } from '../with-runtime.js'

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
  const runtime = await createAppRuntime(ctx, model, options)
  const url = await runtime.listen()
  ctx.out(`${model.name} ${model.version} listening on ${url} (database ${runtime.store.driver.description})`)
  for (const c of runtime.contracts) ctx.out(`  ${c.kind} ${c.name} ${c.version}  ${c.baseUrl}  (${c.document})`)
  await ctx.stopped
  ctx.out('stopping')
  await runtime.close()
  return 0
}
