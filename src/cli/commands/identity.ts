import { createIdentity, type Identity } from '../../kernel/index.js'
import { createIdentityStore, openDriver } from '../../store/index.js'
import type { CommandContext } from '../command-context.js'
import { loadConfig } from '../config.js'

export interface IdentityOptions {
  readonly config?: string
}

/** Runs `fn` with the identity of the app's database (its schema must be synced). */
async function withIdentity<T>(ctx: CommandContext, appDir: string, options: IdentityOptions, fn: (identity: Identity) => Promise<T>): Promise<T> {
  const model = ctx.platform.loader.load(appDir).model
  const config = loadConfig({ appDir: model?.dir ?? appDir, env: ctx.env, ...(options.config ? { file: options.config } : {}) })
  const driver = openDriver(config.database.url, { baseDir: model?.dir ?? appDir })
  try {
    return await fn(createIdentity(createIdentityStore(driver)))
  } finally {
    await driver.close()
  }
}

function roleList(text: string | undefined): string[] {
  return (text ?? '').split(',').map((r) => r.trim()).filter(Boolean)
}

/** `portico apikey create <name> --roles A,B [--expires YYYY-MM-DD]`: prints the key once. */
export async function apiKeyCreateCommand(ctx: CommandContext, name: string, options: IdentityOptions & { app: string; roles?: string; expires?: string }): Promise<number> {
  const roles = roleList(options.roles)
  if (roles.length === 0) {
    ctx.err('give the key at least one role: --roles Admin')
    return 1
  }
  const token = await withIdentity(ctx, options.app, options, (identity) =>
    identity.createApiKey(name, roles, options.expires ? { expiresAt: new Date(`${options.expires}T23:59:59Z`).toISOString() } : {}),
  )
  ctx.out(token)
  ctx.err(`API key '${name}' created with roles ${roles.join(', ')}; it is shown only now (send it as the X-API-Key header)`)
  return 0
}

/** `portico apikey list`: names, roles and state; never the secrets. */
export async function apiKeyListCommand(ctx: CommandContext, options: IdentityOptions & { app: string }): Promise<number> {
  const keys = await withIdentity(ctx, options.app, options, (identity) => identity.listApiKeys())
  for (const k of keys) {
    const state = k.revokedAt ? `revoked ${k.revokedAt}` : k.expiresAt ? `expires ${k.expiresAt}` : 'active'
    ctx.out(`${k.name}  ptk_${k.id}_…  [${k.roles.join(', ')}]  created ${k.createdAt}  ${state}`)
  }
  if (keys.length === 0) ctx.out('no API keys')
  return 0
}

/** `portico apikey revoke <name>`. */
export async function apiKeyRevokeCommand(ctx: CommandContext, name: string, options: IdentityOptions & { app: string }): Promise<number> {
  const revoked = await withIdentity(ctx, options.app, options, (identity) => identity.revokeApiKey(name))
  if (!revoked) {
    ctx.err(`no active API key named '${name}'`)
    return 1
  }
  ctx.out(`API key '${name}' revoked`)
  return 0
}

/** `portico user set <name> --roles A,B`: the password is read from standard input, never an argument. */
export async function userSetCommand(ctx: CommandContext, name: string, password: string, options: IdentityOptions & { app: string; roles?: string }): Promise<number> {
  const roles = roleList(options.roles)
  if (password.length < 8) {
    ctx.err('give a password of at least 8 characters on standard input')
    return 1
  }
  await withIdentity(ctx, options.app, options, (identity) => identity.setUser(name, password, roles))
  ctx.out(`user '${name}' saved with roles ${roles.join(', ') || '(none)'}`)
  return 0
}
