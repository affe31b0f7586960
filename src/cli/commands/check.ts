import { hasErrors } from '../../model/index.js'
import { loadAndCheck, printDiagnostics } from '../app-loading.js'
import type { CommandContext } from '../command-context.js'

/** `portico check [appDir]`: prints every diagnostic; exit code 1 when any is an error. */
export async function checkCommand(ctx: CommandContext, appDir: string, options: { format: string }): Promise<number> {
  const { diagnostics } = loadAndCheck(ctx.platform, appDir)
  if (options.format === 'json') ctx.out(JSON.stringify(diagnostics, null, 2))
  else if (diagnostics.length === 0) ctx.out('no problems found')
  else printDiagnostics(diagnostics, ctx.out)
  return hasErrors(diagnostics) ? 1 : 0
}
