import type { Dialect, SqlExecutor } from './driver/driver.js'
import { placeholder } from './entity-statements.js'

/** An app user who signs in with a password (HTTP Basic). */
export interface StoredUser {
  readonly name: string
  readonly passwordHash: string
  readonly roles: readonly string[]
  readonly active: boolean
}

/** An API key: only a hash of its secret is kept. */
export interface StoredApiKey {
  /** The public part of the key, also its lookup id. */
  readonly id: string
  readonly name: string
  readonly secretHash: string
  readonly roles: readonly string[]
  readonly createdAt: string
  readonly expiresAt: string | null
  readonly revokedAt: string | null
}

/** The tables that hold app users and API keys, beside the app's own. */
export function identityTableSql(dialect: Dialect): string[] {
  const pg = dialect === 'postgres'
  const text = pg ? 'text' : 'TEXT'
  const ts = pg ? 'timestamptz(3)' : 'TEXT'
  const bool = pg ? 'boolean' : 'INTEGER'
  const strict = pg ? '' : ' STRICT'
  return [
    `CREATE TABLE IF NOT EXISTS "portico_user" ("name" ${text} PRIMARY KEY, "password_hash" ${text} NOT NULL, "roles" ${text} NOT NULL, "active" ${bool} NOT NULL, "created_at" ${ts} NOT NULL)${strict}`,
    `CREATE TABLE IF NOT EXISTS "portico_api_key" ("id" ${text} PRIMARY KEY, "name" ${text} NOT NULL UNIQUE, "secret_hash" ${text} NOT NULL, "roles" ${text} NOT NULL, "created_at" ${ts} NOT NULL, "expires_at" ${ts}, "revoked_at" ${ts})${strict}`,
  ]
}

/** Reads and writes users and API keys. Roles are stored as a JSON list. */
export interface IdentityStore {
  findUser(name: string): Promise<StoredUser | undefined>
  saveUser(user: StoredUser): Promise<void>
  findApiKey(id: string): Promise<StoredApiKey | undefined>
  saveApiKey(key: StoredApiKey): Promise<void>
  listApiKeys(): Promise<StoredApiKey[]>
  revokeApiKey(name: string, at: string): Promise<boolean>
}

export function createIdentityStore(executor: SqlExecutor): IdentityStore {
  const p = placeholder(executor.dialect)
  const pg = executor.dialect === 'postgres'
  const keyColumns = `"id", "name", "secret_hash", "roles", "created_at", "expires_at", "revoked_at"`
  const toKey = (r: Record<string, unknown>): StoredApiKey => ({
    id: String(r.id),
    name: String(r.name),
    secretHash: String(r.secret_hash),
    roles: JSON.parse(String(r.roles)) as string[],
    createdAt: String(r.created_at),
    expiresAt: r.expires_at === null ? null : String(r.expires_at),
    revokedAt: r.revoked_at === null ? null : String(r.revoked_at),
  })
  return {
    async findUser(name) {
      const { rows } = await executor.execute(`SELECT "name", "password_hash", "roles", "active" FROM "portico_user" WHERE "name" = ${p(1)}`, [name])
      const r = rows[0]
      if (!r) return undefined
      return { name: String(r.name), passwordHash: String(r.password_hash), roles: JSON.parse(String(r.roles)) as string[], active: r.active === true || r.active === 1 }
    },
    async saveUser(user) {
      await executor.execute(
        `INSERT INTO "portico_user" ("name", "password_hash", "roles", "active", "created_at") VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)})
         ON CONFLICT ("name") DO UPDATE SET "password_hash" = EXCLUDED."password_hash", "roles" = EXCLUDED."roles", "active" = EXCLUDED."active"`,
        [user.name, user.passwordHash, JSON.stringify(user.roles), pg ? user.active : user.active ? 1 : 0, new Date().toISOString()],
      )
    },
    async findApiKey(id) {
      const { rows } = await executor.execute(`SELECT ${keyColumns} FROM "portico_api_key" WHERE "id" = ${p(1)}`, [id])
      return rows[0] ? toKey(rows[0]) : undefined
    },
    async saveApiKey(key) {
      await executor.execute(
        `INSERT INTO "portico_api_key" (${keyColumns}) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)})`,
        [key.id, key.name, key.secretHash, JSON.stringify(key.roles), key.createdAt, key.expiresAt, key.revokedAt],
      )
    },
    async listApiKeys() {
      const { rows } = await executor.execute(`SELECT ${keyColumns} FROM "portico_api_key" ORDER BY "name"`)
      return rows.map(toKey)
    },
    async revokeApiKey(name, at) {
      const { changes } = await executor.execute(`UPDATE "portico_api_key" SET "revoked_at" = ${p(1)} WHERE "name" = ${p(2)} AND "revoked_at" IS NULL`, [at, name])
      return changes > 0
    },
  }
}
