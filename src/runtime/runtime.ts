import type { FastifyInstance } from 'fastify'
import { pino, type Logger } from 'pino'
import type { Binding, PublishedContract } from '../adapters/adapter.js'
import { PorticoError } from '../errors/index.js'
import { createFlowEngine, loadActions, type FlowEngine, type FlowEngineOptions } from '../flows/index.js'
import { compileMappings, type MappingRegistry } from '../mapping/index.js'
import { createIdentity, createKernel, SYSTEM_PRINCIPAL, type Identity, type Kernel } from '../kernel/index.js'
import { hasErrors, indexModel, type AppModel, type Diagnostic } from '../model/index.js'
import {
  applySync,
  buildPhysicalSchema,
  createQueryEngine,
  createStore,
  openDriver,
  planSync,
  syncStatus,
  type Store,
  type SyncPlan,
} from '../store/index.js'
import { runtimeErrors } from './errors.js'
import { createHttpServer } from './http-server.js'
import type { Platform } from './platform.js'
import type { RuntimeConfig } from './runtime-config.js'
import { loadSeed } from './seed.js'

export interface RuntimeOptions {
  readonly model: AppModel
  readonly platform: Platform
  readonly config: RuntimeConfig
  readonly log?: Logger
  /** Apply a schema change that drops or narrows data. */
  readonly acceptDataLoss?: boolean
  /** Called per schema statement while the database is brought in step. */
  readonly onSyncProgress?: (step: { done: number; total: number; statement: string }) => void
  /** Timing of the flow engine (retry poll interval, clock); tests shorten it. */
  readonly flows?: Pick<FlowEngineOptions, 'pollIntervalMs' | 'clock' | 'random' | 'leaseMs'>
}

export interface Runtime {
  readonly kernel: Kernel
  readonly identity: Identity
  readonly store: Store
  /** The HTTP server, for `inject()` in tests before or instead of listening. */
  readonly http: FastifyInstance
  readonly contracts: readonly PublishedContract[]
  readonly log: Logger
  /** The model's flows: run them, and work on their dead letters. */
  readonly flows: FlowEngine
  /** Starts listening, the adapters' consumers and the flows' schedules, event triggers and retries; resolves with the base URL. */
  listen(): Promise<string>
  close(): Promise<void>
}

/** An error that carries the diagnostics that stopped the runtime. */
export class ModelInvalidError extends PorticoError {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super('RUNTIME_MODEL_INVALID', 'invalid', `the app model has ${diagnostics.filter((d) => d.severity === 'error').length} error(s)`)
  }
}

/**
 * Checks the model, brings the database in step with it, loads seed data, binds every
 * declared service and registers its routes. Nothing listens until `listen()`.
 */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { model, platform, config } = options
  const log = options.log ?? pino({ level: config.log.level })
  const diagnostics = platform.registry.check(model)
  if (hasErrors(diagnostics)) throw new ModelInvalidError(diagnostics)

  const index = indexModel(model)
  const physical = buildPhysicalSchema(index)
  const driver = openDriver(config.database.url, { baseDir: model.dir })
  try {
    await bringSchemaInStep(driver, physical, model, options, log)
    const queries = createQueryEngine({ index, physical, dialect: driver.dialect, limits: config.limits })
    const store = createStore(driver, index, { queries })
    const kernel = createKernel({
      store,
      onHandlerError: (error, event) => log.error({ err: error, entity: event.entity, id: event.id }, 'after-commit handler failed'),
    })
    const identity = createIdentity(store.identity)
    if (config.seed) {
      const seeded = await loadSeed(model.dir, index, kernel.as(SYSTEM_PRINCIPAL), identity)
      if (seeded.created > 0) log.info(seeded, 'seed data loaded')
    }
    const mappings = compileMappings(model, index)
    const flows = createFlowEngine({
      model,
      index,
      kernel,
      mappings,
      actions: await loadActions(model.dir),
      store: store.flows,
      log: log.child({ layer: 'flows' }),
      ...options.flows,
    })
    return await assemble({ model, index, kernel, identity, store, config, log, platform, physical, flows, mappings })
  } catch (error) {
    await driver.close().catch(() => undefined)
    throw error
  }
}

async function bringSchemaInStep(
  driver: Parameters<typeof planSync>[0],
  physical: Parameters<typeof planSync>[1],
  model: AppModel,
  options: RuntimeOptions,
  log: Logger,
): Promise<void> {
  const plan: SyncPlan = await planSync(driver, physical, model)
  if (plan.statements.length === 0) return
  if (plan.blocked.length > 0 || (plan.dataLoss.length > 0 && !options.acceptDataLoss)) {
    const reasons = [...plan.blocked.map((b) => b.message), ...plan.dataLoss.map((d) => d.message)]
    throw runtimeErrors.create('RUNTIME_SCHEMA_REFUSED', `the schema change was refused:\n  ${reasons.join('\n  ')}\nrun \`portico db plan\` to see it`)
  }
  log.info({ statements: plan.statements.length }, 'bringing the database schema in step with the model')
  await applySync(driver, plan, {
    acceptDataLoss: options.acceptDataLoss === true,
    ...(options.onSyncProgress ? { onProgress: options.onSyncProgress } : {}),
  })
}

interface Parts {
  readonly model: AppModel
  readonly index: ReturnType<typeof indexModel>
  readonly kernel: Kernel
  readonly identity: Identity
  readonly store: Store
  readonly config: RuntimeConfig
  readonly log: Logger
  readonly platform: Platform
  readonly physical: ReturnType<typeof buildPhysicalSchema>
  readonly flows: FlowEngine
  readonly mappings: MappingRegistry
}

async function assemble(parts: Parts): Promise<Runtime> {
  const { model, index, kernel, identity, store, config, log, platform, physical, flows, mappings } = parts
  const http = createHttpServer(config.http, log)
  const scheme = config.http.tls ? 'https' : 'http'
  // The listening address replaces the configured one once known (a server on port 0 gets its port then).
  let origin = config.http.publicUrl ?? `${scheme}://${config.http.host}:${config.http.port}`
  const bindings: Binding[] = []
  for (const adapter of platform.adapters) {
    for (const declaration of model.modules.flatMap((m) => m.extensions)) {
      if (declaration.section !== adapter.section || declaration.kind !== adapter.kind) continue
      const context = {
        model, index, kernel, identity, flows, mappings,
        log: log.child({ adapter: adapter.kind, name: declaration.name }),
        config: config.adapters[adapter.kind] ?? {},
        get publicUrl() {
          return origin
        },
      }
      bindings.push(adapter.bind(declaration, context))
    }
  }
  const contracts = bindings.flatMap((b) => b.contracts ?? [])
  http.get('/health', async () => ({ status: 'ok', app: model.name, version: model.version }))
  http.get('/ready', async (_request, reply) => {
    try {
      await kernel.ping()
      const schema = await syncStatus(store.driver, physical)
      const ready = schema === 'synced'
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', store: 'reachable', schema })
    } catch {
      return reply.code(503).send({ status: 'not-ready', store: 'unreachable' })
    }
  })
  http.get('/contracts', async () => contracts)
  for (const binding of bindings) await binding.routes?.(http)
  const abort = new AbortController()
  let listening = false
  return {
    kernel,
    identity,
    store,
    http,
    contracts,
    log,
    flows,
    async listen() {
      const address = await http.listen({ host: config.http.host, port: config.http.port })
      listening = true
      origin = config.http.publicUrl ?? address.replace('[::1]', 'localhost')
      for (const binding of bindings) await binding.start?.(abort.signal)
      await flows.start(abort.signal)
      return origin
    },
    async close() {
      abort.abort()
      await flows.stop()
      for (const binding of bindings) await binding.stop?.()
      if (listening) await http.close()
      else await http.close().catch(() => undefined)
      await store.close()
    },
  }
}
