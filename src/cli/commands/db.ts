import { hasErrors, indexModel } from '../../model/index.js'
import { applySync, buildPhysicalSchema, formatPlan, openDriver, planSync } from '../../store/index.js'
import { loadAndCheck, printDiagnostics } from '../app-loading.js'
import type { CommandContext } from '../command-context.js'
import { loadConfig } from '../config.js'
import { throttledProgress } from '../progress.js'

export interface DbOptions {
  readonly config?: string
  readonly acceptDataLoss?: boolean
}

/** `portico db plan|sync [appDir]`: shows, or applies, what brings the database in step. */
export async function dbCommand(ctx: CommandContext, action: 'plan' | 'sync', appDir: string, options: DbOptions): Promise<number> {
  const { model, diagnostics } = loadAndCheck(ctx.platform, appDir)
  if (!model || hasErrors(diagnostics)) {
    printDiagnostics(diagnostics, ctx.err)
    return 1
  }
  const config = loadConfig({ appDir: model.dir, env: ctx.env, ...(options.config ? { file: options.config } : {}) })
  const driver = openDriver(config.database.url, { baseDir: model.dir })
  try {
    const physical = buildPhysicalSchema(indexModel(model))
    const plan = await planSync(driver, physical, model)
    ctx.out(`database: ${driver.description}`)
    ctx.out(formatPlan(plan))
    if (action === 'plan' || plan.statements.length === 0) return plan.blocked.length > 0 ? 1 : 0
    const result = await applySync(driver, plan, {
      acceptDataLoss: options.acceptDataLoss === true,
      onProgress: throttledProgress('applying', ctx.err),
    })
    ctx.out(`applied ${result.applied} statement(s)`)
    return 0
  } finally {
    await driver.close()
  }
}
