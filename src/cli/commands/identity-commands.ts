import type { Command } from 'commander'
import type { CommandContext } from '../command-context.js'
import { apiKeyCreateCommand, apiKeyListCommand, apiKeyRevokeCommand, userSetCommand } from './identity.js'

type Options = { app: string; config?: string; roles?: string; expires?: string }

/** `portico apikey create|list|revoke` and `portico user set`; `done` receives the exit code. */
export function addIdentityCommands(program: Command, ctx: CommandContext, done: (code: number) => void): void {
  const common = (c: Command) => c.option('--app <dir>', 'the app folder', '.').option('--config <file>', 'runtime configuration file')
  const keys = program.command('apikey').description('API keys for the published services (the schema must be synced)')
  common(keys.command('create <name>').description('create a key; it is printed once').requiredOption('--roles <roles>', 'comma-separated app roles').option('--expires <date>', 'last valid day, YYYY-MM-DD')).action(
    async (name: string, options: Options) => done(await apiKeyCreateCommand(ctx, name, options)),
  )
  common(keys.command('list').description('list keys (never their secrets)')).action(async (options: Options) => done(await apiKeyListCommand(ctx, options)))
  common(keys.command('revoke <name>').description('revoke a key at once')).action(async (name: string, options: Options) => done(await apiKeyRevokeCommand(ctx, name, options)))
  const users = program.command('user').description('app users who sign in with a password (HTTP Basic)')
  common(users.command('set <name>').description('create or change a user; the password is read from standard input').option('--roles <roles>', 'comma-separated app roles')).action(
    async (name: string, options: Options) => {
      const password = ((await ctx.readStdin?.()) ?? '').split(/\r?\n/)[0] ?? ''
      done(await userSetCommand(ctx, name, password, options))
    },
  )
}
