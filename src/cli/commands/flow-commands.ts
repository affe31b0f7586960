import type { Command } from 'commander'
import type { CommandContext } from '../command-context.js'
import { deadLetterCommand, deadLettersListCommand, type DeadLetterListOptions } from './dead-letters.js'
import { flowListCommand, flowRunCommand, type FlowRunOptions } from './flow.js'

/** `portico flow run|list` and `portico dead-letters list|show|retry|discard`; `done` receives the exit code. */
export function addFlowCommands(program: Command, ctx: CommandContext, done: (code: number) => void): void {
  const flow = program.command('flow').description('run flows by hand')
  flow
    .command('run <name> [appDir]')
    .description('run a flow once (its error policy applies: a failure is retried when the app runs, or dead-lettered)')
    .option('--input <file>', 'a file the flow gets as $input (an import streams it)')
    .option('--param <name=value>', 'a value for a parameter the flow declares (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--json', 'print the result as JSON')
    .option('--config <file>', 'runtime configuration file')
    .action(async (name: string, appDir: string | undefined, options: FlowRunOptions) => {
      done(await flowRunCommand(ctx, name, appDir ?? '.', options))
    })
  flow.command('list [appDir]').description('list the declared flows and their triggers').option('--config <file>', 'runtime configuration file').action(async (appDir: string | undefined, options: { config?: string }) => {
    done(await flowListCommand(ctx, appDir ?? '.', options))
  })
  const letters = program.command('dead-letters').description('runs of flows that failed their last attempt')
  letters
    .command('list [appDir]')
    .description('list open dead letters')
    .option('--all', 'also those retried or discarded')
    .option('--flow <name>', 'only those of one flow (Module.Name)')
    .option('--limit <n>', 'at most this many', '100')
    .option('--config <file>', 'runtime configuration file')
    .action(async (appDir: string | undefined, options: DeadLetterListOptions) => {
      done(await deadLettersListCommand(ctx, appDir ?? '.', options))
    })
  for (const action of ['show', 'retry', 'discard'] as const) {
    const what = { show: 'show a dead letter with its payload and error', retry: 'run a dead letter once more (only once)', discard: 'mark a dead letter discarded' }[action]
    letters.command(`${action} <id> [appDir]`).description(what).option('--config <file>', 'runtime configuration file').action(async (id: string, appDir: string | undefined, options: { config?: string }) => {
      done(await deadLetterCommand(ctx, action, id, appDir ?? '.', options))
    })
  }
}
