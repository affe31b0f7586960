import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { EntityOperations, Identity, Row } from '../kernel/index.js'
import { formatDiagnostic, locate, parseYamlSource, type ModelIndex } from '../model/index.js'
import { runtimeErrors } from './errors.js'

/** One block of a seed file: objects of one entity, identified by key members. */
interface EntityBlock {
  readonly kind: 'entity'
  readonly entity: string
  readonly key: readonly string[]
  readonly rows: readonly Record<string, unknown>[]
  readonly where: string
}

/** An app user (HTTP Basic) or an API key, for demos and first start. */
interface IdentityBlock {
  readonly kind: 'user' | 'apiKey'
  readonly name: string
  /** The password, or the whole API key token (`ptk_<id>_<secret>`). */
  readonly secret: string
  readonly roles: readonly string[]
  readonly where: string
}

type SeedBlock = EntityBlock | IdentityBlock

export interface SeedResult {
  readonly created: number
  readonly existing: number
}

/**
 * Loads `seed/*.yaml` from the app folder: lists of `{ entity, key, rows }`, and of
 * `{ user, password, roles }` or `{ apiKey, key, roles }`. An object whose key members
 * match an existing one is left alone (as is an existing user or key name), so seeding is
 * idempotent and never overwrites what users changed. A reference is written as the key
 * of its target (`category: { code: BOOKS }`), a reference set as a list of such keys.
 */
export async function loadSeed(dir: string, index: ModelIndex, ops: EntityOperations, identity: Identity): Promise<SeedResult> {
  const folder = join(dir, 'seed')
  if (!existsSync(folder)) return { created: 0, existing: 0 }
  const blocks = readdirSync(folder)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .flatMap((f) => readSeedFile(join(folder, f), `seed/${f}`))
  let created = 0
  let existing = 0
  const keys = new Set((await identity.listApiKeys()).map((k) => k.name))
  for (const block of blocks) {
    if (block.kind === 'entity') continue
    if (block.kind === 'user' ? await identity.hasUser(block.name) : keys.has(block.name)) {
      existing++
      continue
    }
    if (block.kind === 'user') await identity.setUser(block.name, block.secret, block.roles)
    else await identity.createApiKey(block.name, block.roles, { token: block.secret }).catch((error: Error) => {
      throw runtimeErrors.create('RUNTIME_SEED_INVALID', `${block.where}: ${error.message}`)
    })
    created++
  }
  await ops.transaction(async (tx) => {
    for (const block of blocks) {
      if (block.kind !== 'entity') continue
      const entity = index.entity(block.entity)
      if (!entity) throw runtimeErrors.create('RUNTIME_SEED_INVALID', `${block.where}: unknown entity '${block.entity}'`)
      for (const raw of block.rows) {
        const row = await resolveReferences(raw, block, index, tx)
        const key = Object.fromEntries(block.key.map((k) => [k, row[k]]))
        if (await tx.findByKey(block.entity, key)) {
          existing++
          continue
        }
        await tx.create(block.entity, row)
        created++
      }
    }
  })
  return { created, existing }
}

function readSeedFile(path: string, file: string): SeedBlock[] {
  const source = parseYamlSource(file, readFileSync(path, 'utf8'))
  if (source.diagnostics.length > 0) {
    throw runtimeErrors.create('RUNTIME_SEED_INVALID', source.diagnostics.map(formatDiagnostic).join('\n'))
  }
  if (!Array.isArray(source.data)) {
    throw runtimeErrors.create('RUNTIME_SEED_INVALID', `${file}:1:1: a seed file is a list of { entity, key, rows }`)
  }
  return source.data.map((block: unknown, i: number) => {
    const pos = locate(source.positions, `/${i}`, file)
    const where = `${file}:${pos.line}:${pos.column}`
    const b = block as Record<string, unknown>
    if (typeof b.user === 'string' || typeof b.apiKey === 'string') return identityBlock(b, where)
    const key = typeof b.key === 'string' ? [b.key] : b.key
    if (typeof b.entity !== 'string' || !Array.isArray(key) || !Array.isArray(b.rows)) {
      throw runtimeErrors.create('RUNTIME_SEED_INVALID', `${where}: expected { entity: Module.Entity, key: member or [members], rows: [...] }`)
    }
    return { kind: 'entity', entity: b.entity, key: key as string[], rows: b.rows as Record<string, unknown>[], where }
  })
}

function identityBlock(b: Record<string, unknown>, where: string): IdentityBlock {
  const user = typeof b.user === 'string'
  const secret = user ? b.password : b.key
  const roles = b.roles
  if (typeof secret !== 'string' || !Array.isArray(roles) || !roles.every((r) => typeof r === 'string')) {
    throw runtimeErrors.create(
      'RUNTIME_SEED_INVALID',
      `${where}: expected { user: name, password: text, roles: [..] } or { apiKey: name, key: ptk_<id>_<secret>, roles: [..] }`,
    )
  }
  return { kind: user ? 'user' : 'apiKey', name: (user ? b.user : b.apiKey) as string, secret, roles, where }
}

async function resolveReferences(raw: Record<string, unknown>, block: EntityBlock, index: ModelIndex, tx: EntityOperations): Promise<Row> {
  const entity = index.requireEntity(block.entity)
  const out: Row = { ...raw }
  for (const association of entity.associations) {
    const value = raw[association.name]
    if (value === undefined || value === null || typeof value === 'number') continue
    const lookup = async (key: unknown): Promise<unknown> => {
      if (typeof key !== 'object' || key === null) return key
      const found = await tx.findByKey(association.target, key as Record<string, unknown>)
      if (!found) {
        throw runtimeErrors.create('RUNTIME_SEED_INVALID', `${block.where}: no ${association.target} has ${JSON.stringify(key)} (for '${association.name}')`)
      }
      return found.id
    }
    out[association.name] = Array.isArray(value) ? await Promise.all(value.map(lookup)) : await lookup(value)
  }
  return out
}
