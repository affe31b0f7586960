import { hasErrors, type AppModel } from '../model/index.js'
import { createRuntime, type Runtime } from '../runtime/index.js'
import { loadAndCheck, printDiagnostics } from './app-loading.js'
import type { CommandContext } from './command-context.js'
import { loadConfig } from './config.js'
import { throttledProgress } from './progress.js'

export interface RuntimeCommandOptions {
  readonly config?: string
  readonly acceptDataLoss?: boolean
}

/**
 * Runs a command against the app's runtime without serving it: checks the model, brings
 * the database in step, loads seed data, calls `fn`, and closes. Exit 1 on model errors.
 */
export async function withRuntime(ctx: CommandContext, appDir: string, options: RuntimeCommandOptions, fn: (runtime: Runtime) => Promise<number>): Promise<number> {
  const { model, diagnostics } = loadAndCheck(ctx.platform, appDir)
  if (!model || hasErrors(diagnostics)) {
    printDiagnostics(diagnostics, ctx.err)
    return 1
  }
  const runtime = await createAppRuntime(ctx, model, options)
  try {
    return await fn(runtime)
  } finally {
    await runtime.close()
  }
}

/** The runtime of a checked model with the command's configuration, the database brought in step. */
export async function createAppRuntime(ctx: CommandContext, model: AppModel, options: RuntimeCommandOptions): Promise<Runtime> {
  const config = loadConfig({ appDir: model.dir, env: ctx.env, ...(options.config ? { file: options.config } : {}) })
  return createRuntime({
    model,
    platform: ctx.platform,
    config,
    acceptDataLoss: options.acceptDataLoss === true,
    onSyncProgress: throttledProgress('schema', ctx.err),
  })
}
