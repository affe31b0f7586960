import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'
import { z } from 'zod'
import { DEFAULT_LIMITS } from '../query/index.js'
import { runtimeErrors, type RuntimeConfig } from '../runtime/index.js'

export const CONFIG_FILE = 'portico.config.yaml'

const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')])
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max)

const schema = z
  .object({
    database: z.object({ url: z.string().min(1) }).partial().strict().default({}),
    http: z
      .object({
        host: z.string().min(1),
        port: int(0, 65535),
        tls: z.object({ cert: z.string().min(1), key: z.string().min(1) }).strict(),
        allowInsecureHttp: bool,
        bodyLimit: int(1024, 1024 * 1024 * 1024),
        publicUrl: z.url(),
      })
      .partial()
      .strict()
      .default({}),
    log: z.object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) }).partial().strict().default({}),
    limits: z
      .object({
        maxTop: int(1, 100_000),
        maxExpandDepth: int(0, 20),
        maxFilterNodes: int(1, 10_000),
        maxLambdaDepth: int(0, 10),
        maxInValues: int(1, 100_000),
        maxCrossJoinMembers: int(1, 16),
      })
      .partial()
      .strict()
      .default({}),
    seed: bool.optional(),
    adapters: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  })
  .strict()

export interface ConfigSources {
  readonly appDir: string
  /** Explicit config file (`--config`); else `portico.config.yaml` in the app folder, if any. */
  readonly file?: string
  readonly env: Readonly<Record<string, string | undefined>>
}

/**
 * Reads the runtime configuration: defaults, then the config file, then the environment
 * (`PORTICO_DATABASE_URL`, `PORTICO_HOST`, `PORTICO_PORT`, `PORTICO_TLS_CERT`,
 * `PORTICO_TLS_KEY`, `PORTICO_ALLOW_INSECURE_HTTP`, `PORTICO_LOG_LEVEL`,
 * `PORTICO_PUBLIC_URL`). A bad value stops with a message naming it.
 */
export function loadConfig(sources: ConfigSources): RuntimeConfig {
  const path = sources.file ? resolve(sources.file) : join(sources.appDir, CONFIG_FILE)
  let fromFile: unknown = {}
  if (existsSync(path)) {
    try {
      fromFile = parse(readFileSync(path, 'utf8')) ?? {}
    } catch (error) {
      throw runtimeErrors.create('RUNTIME_CONFIG_INVALID', `${path}: ${(error as Error).message}`)
    } 
  } else if (sources.file) {
    throw runtimeErrors.create('RUNTIME_CONFIG_INVALID', `config file ${path} does not exist`)
  }
  const merged = mergeEnv(fromFile as Record<string, Record<string, unknown>>, sources.env)
  const parsed = schema.safeParse(merged)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
    throw runtimeErrors.create('RUNTIME_CONFIG_INVALID', `invalid configuration (${existsSync(path) ? path + ' and ' : ''}environment): ${issues}`)
  }
  const c = parsed.data
  return {
    database: { url: c.database.url ?? 'sqlite:data/app.sqlite' },
    http: {
      host: c.http.host ?? '127.0.0.1',
      port: c.http.port ?? 8080,
      ...(c.http.tls ? { tls: { cert: resolve(sources.appDir, c.http.tls.cert), key: resolve(sources.appDir, c.http.tls.key) } } : {}),
      allowInsecureHttp: c.http.allowInsecureHttp ?? false,
      bodyLimit: c.http.bodyLimit ?? 1024 * 1024,
      ...(c.http.publicUrl ? { publicUrl: c.http.publicUrl.replace(/\/$/, '') } : {}),
    },
    log: { level: c.log.level ?? 'info' },
    limits: { ...DEFAULT_LIMITS, ...c.limits },
    seed: c.seed ?? true,
    adapters: c.adapters,
  }
}

function mergeEnv(file: Record<string, Record<string, unknown>>, env: ConfigSources['env']): Record<string, unknown> {
  const out: Record<string, Record<string, unknown>> = {}
  for (const [k, v] of Object.entries(file ?? {})) out[k] = typeof v === 'object' && v !== null ? { ...v } : (v as never)
  const set = (section: string, key: string, value: unknown): void => {
    if (value === undefined || value === '') return
    out[section] = { ...(out[section] ?? {}), [key]: value }
  }
  set('database', 'url', env.PORTICO_DATABASE_URL)
  set('http', 'host', env.PORTICO_HOST)
  set('http', 'port', env.PORTICO_PORT)
  set('http', 'allowInsecureHttp', env.PORTICO_ALLOW_INSECURE_HTTP)
  set('http', 'publicUrl', env.PORTICO_PUBLIC_URL)
  if (env.PORTICO_TLS_CERT || env.PORTICO_TLS_KEY) set('http', 'tls', { cert: env.PORTICO_TLS_CERT ?? '', key: env.PORTICO_TLS_KEY ?? '' })
  set('log', 'level', env.PORTICO_LOG_LEVEL)
  return out
}
