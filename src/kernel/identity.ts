import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual, type BinaryLike, type ScryptOptions } from 'node:crypto'
import type { IdentityStore } from '../store/index.js'
import { userPrincipal, type Principal } from './principal.js'

const scrypt = (password: BinaryLike, salt: BinaryLike, keylen: number, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => scryptCallback(password, salt, keylen, options, (e, key) => (e ? reject(e) : resolve(key))))

const TOKEN = /^ptk_([a-z0-9]{6,32})_([A-Za-z0-9_-]{16,128})$/
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const
const CACHE_MS = 5 * 60 * 1000
/** An API key's verification is remembered this long; a revoked key stops working within it. */
const API_KEY_CACHE_MS = 30 * 1000
const CACHE_SIZE = 1000

/**
 * Who callers are: app users with passwords (scrypt-hashed) and API keys (only a SHA-256
 * of the secret is stored; the key is shown once when created). Protocol adapters turn
 * credentials from the wire into a principal here; nothing else reads these tables.
 */
export interface Identity {
  authenticateBasic(name: string, password: string): Promise<Principal | undefined>
  authenticateApiKey(token: string): Promise<Principal | undefined>
  /** The principal of an API key verified moments ago (see the cache below), without I/O; undefined otherwise. */
  rememberedApiKey(token: string): Principal | undefined
  /** Creates a key and returns its token, the only time it is visible. */
  createApiKey(name: string, roles: readonly string[], options?: { expiresAt?: string; token?: string }): Promise<string>
  setUser(name: string, password: string, roles: readonly string[]): Promise<void>
  hasUser(name: string): Promise<boolean>
  revokeApiKey(name: string): Promise<boolean>
  listApiKeys(): Promise<{ name: string; id: string; roles: readonly string[]; createdAt: string; expiresAt: string | null; revokedAt: string | null }[]>
}

export function createIdentity(store: IdentityStore, clock: () => Date = () => new Date()): Identity {
  // Successful password checks are remembered briefly: scrypt is slow on purpose.
  const verified = new Map<string, { principal: Principal; until: number }>()
  const remember = (key: string, principal: Principal, ms = CACHE_MS): void => {
    if (verified.size >= CACHE_SIZE) verified.delete(verified.keys().next().value as string)
    verified.set(key, { principal, until: Date.now() + ms })
  }
  return {
    async authenticateBasic(name, password) {
      const cacheKey = sha256(`${name}\u0000${password}`)
      const hit = verified.get(cacheKey)
      if (hit && hit.until > Date.now()) return hit.principal
      const user = await store.findUser(name)
      if (!user || !user.active || !(await verifyPassword(password, user.passwordHash))) return undefined
      const principal = userPrincipal(`user:${user.name}`, user.roles)
      remember(cacheKey, principal)
      return principal
    },
    rememberedApiKey(token) {
      const hit = verified.get(`key\u0000${token}`)
      return hit && hit.until > Date.now() ? hit.principal : undefined
    },
    async authenticateApiKey(token) {
      const cacheKey = `key\u0000${token}`
      const hit = verified.get(cacheKey)
      if (hit && hit.until > Date.now()) return hit.principal
      const m = TOKEN.exec(token)
      if (!m) return undefined
      const key = await store.findApiKey(m[1] as string)
      if (!key || key.revokedAt !== null || (key.expiresAt !== null && key.expiresAt <= clock().toISOString())) return undefined
      const expected = Buffer.from(key.secretHash, 'hex')
      const actual = createHash('sha256').update(m[2] as string).digest()
      if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined
      const principal = userPrincipal(`apikey:${key.name}`, key.roles)
      remember(cacheKey, principal, API_KEY_CACHE_MS)
      return principal
    },
    async createApiKey(name, roles, options = {}) {
      const token = options.token ?? `ptk_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('base64url')}`
      const m = TOKEN.exec(token)
      if (!m) throw new Error('an API key must look like ptk_<id>_<secret> (id: 6-32 of a-z0-9, secret: 16+ of A-Za-z0-9_-)')
      await store.saveApiKey({
        id: m[1] as string,
        name,
        secretHash: sha256(m[2] as string),
        roles,
        createdAt: clock().toISOString(),
        expiresAt: options.expiresAt ?? null,
        revokedAt: null,
      })
      return token
    },
    async setUser(name, password, roles) {
      verified.clear()
      await store.saveUser({ name, passwordHash: await hashPassword(password), roles, active: true })
    },
    hasUser: async (name) => (await store.findUser(name)) !== undefined,
    async revokeApiKey(name) {
      verified.clear()
      return store.revokeApiKey(name, clock().toISOString())
    },
    async listApiKeys() {
      return (await store.listApiKeys()).map(({ secretHash: _secret, ...rest }) => rest)
    },
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const hash = await scrypt(password, salt, 32, SCRYPT)
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem })
  return timingSafeEqual(expected, actual)
}
