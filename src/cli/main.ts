import { Command } from 'commander'
import { isPorticoError } from '../errors/index.js'
import { ModelInvalidError } from '../runtime/index.js'
import { defaultPlatform } from './adapters.js'
import { printDiagnostics } from './app-loading.js'
import type { CommandContext } from './command-context.js'
import { checkCommand } from './commands/check.js'
import { contractsGenerateCommand } from './commands/contracts.js'
import { dbCommand } from './commands/db.js'
import { addFlowCommands } from './commands/flow-commands.js'
import { addIdentityCommands } from './commands/identity-commands.js'
import { initCommand } from './commands/init.js'
import { runCommand } from './commands/run.js'
import { schemaCommand } from './commands/schema.js'

/** Runs the `portico` command line; resolves with the exit code. */
export async function main(argv: readonly string[], ctx: CommandContext): Promise<number> {
  let code = 0
  const program = new Command('portico')
    .description('Portico — a model-driven integration runtime')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.out(s.trimEnd()), writeErr: (s) => ctx.err(s.trimEnd()) })
  program.command('init <dir>').description('create a new app folder').action(async (dir: string) => {
    code = await initCommand(ctx, dir)
  })
  program
    .command('check [appDir]')
    .description('load and check the app model; exit 1 on errors')
    .option('--format <format>', 'text or json', 'text')
    .action(async (appDir: string | undefined, options: { format: string }) => {
      code = await checkCommand(ctx, appDir ?? '.', options)
    })
  program
    .command('run [appDir]')
    .description('check the model, bring the database in step, and serve the app')
    .option('--config <file>', 'runtime configuration file (default: portico.config.yaml in the app folder)')
    .option('--accept-data-loss', 'apply a schema change that drops or narrows data')
    .action(async (appDir: string | undefined, options: { config?: string; acceptDataLoss?: boolean }) => {
      code = await runCommand(ctx, appDir ?? '.', options)
    })
  const db = program.command('db').description('database schema')
  for (const action of ['plan', 'sync'] as const) {
    db.command(`${action} [appDir]`)
      .description(action === 'plan' ? 'show the statements that bring the database in step' : 'apply them')
      .option('--config <file>', 'runtime configuration file')
      .option('--accept-data-loss', 'apply a change that drops or narrows data')
      .action(async (appDir: string | undefined, options: { config?: string; acceptDataLoss?: boolean }) => {
        code = await dbCommand(ctx, action, appDir ?? '.', options)
      })
  }
  addFlowCommands(program, ctx, (c) => (code = c))
  addIdentityCommands(program, ctx, (c) => (code = c))
  program
    .command('contracts')
    .description('published contracts')
    .command('generate [appDir]')
    .description('write every published contract (OpenAPI, CSDL) to files, as the runtime serves them')
    .option('--out <dir>', 'output folder', 'contracts')
    .option('--config <file>', 'runtime configuration file')
    .action(async (appDir: string | undefined, options: { out: string; config?: string }) => {
      code = await contractsGenerateCommand(ctx, appDir ?? '.', options)
    })
  program
    .command('schema')
    .description('write the JSON Schemas of the model format (for editors)')
    .option('--out <dir>', 'output folder', 'schema')
    .action(async (options: { out: string }) => {
      code = await schemaCommand(ctx, options)
    })
  try {
    await program.parseAsync(argv as string[], { from: 'user' })
  } catch (error) {
    return reportFailure(error, ctx)
  }
  return code
}

function reportFailure(error: unknown, ctx: CommandContext): number {
  const e = error as { code?: string; exitCode?: number }
  if (typeof e.code === 'string' && e.code.startsWith('commander.')) return e.exitCode ?? 1
  if (error instanceof ModelInvalidError) {
    printDiagnostics(error.diagnostics, ctx.err)
    return 1
  }
  if (isPorticoError(error)) {
    ctx.err(`${error.code}: ${error.message}`)
    return 1
  }
  ctx.err(error instanceof Error ? (error.stack ?? error.message) : String(error))
  return 2
}

/** The process entry: real streams, environment and signals. */
export async function runProcess(): Promise<void> {
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
  const code = await main(process.argv.slice(2), {
    platform: defaultPlatform(),
    env: process.env,
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    stopped,
    readStdin: async () => {
      let text = ''
      for await (const chunk of process.stdin) text += String(chunk)
      return text
    },
  })
  process.exitCode = code
}
