import { compileAccessPolicy, type AccessPolicy } from '../../kernel/index.js'
import { compileBinding } from '../operations/bound-operation.js'
import type { ExtensionModel } from '../../model/index.js'
import type { Adapter, AdapterContext, Binding } from '../adapter.js'
import { createAuthenticator, type JwtSettings } from '../http/authenticate.js'
import { csdlJson, type ODataVersion } from './contract/csdl-json.js'
import { csdlXml } from './contract/csdl-xml.js'
import { createAsyncRequests } from './async/async-requests.js'
import type { ServiceRuntime } from './inbound/handle-request.js'
import { registerODataRoutes } from './inbound/odata-routes.js'
import { createParseCache } from './inbound/parse-cache.js'
import { odataLimits, odataServiceSchema } from './options.js'
import { odataRules } from './rules.js'
import { trackable } from './inbound/read-delta.js'
import { buildService } from './service/service-model.js'

export { odataErrors } from './odata-errors.js'
export { odataRules } from './rules.js'
export { odataServiceSchema, type ODataServiceDeclaration, type ODataLimits } from './options.js'
export { csdlJson } from './contract/csdl-json.js'
export { csdlXml } from './contract/csdl-xml.js'
export { buildService, type ODataService } from './service/service-model.js'

/**
 * The OData v4 adapter: publishes `kind: odata` services (OData 4.01, JSON format) with
 * CSDL XML and JSON metadata, reads and writes through the kernel with the caller's
 * principal, `$batch` with atomic change sets, and asynchronous requests. See docs/odata.md.
 */
export function odataAdapter(): Adapter {
  return {
    kind: 'odata',
    section: 'services',
    schema: odataServiceSchema,
    rules: odataRules,
    bind: (declaration, ctx) => bindService(declaration, ctx),
  }
}

function bindService(declaration: ExtensionModel, ctx: AdapterContext): Binding {
  const service = buildService(declaration, ctx.index, ctx.model)
  const bindings = new Map([...service.operations, ...service.bound].map((o) => [o.key, compileBinding({ flow: o.flow }, declaration.module, ctx.model, ctx.mappings)]))
  // The service root follows the runtime's public URL, which is final once it listens.
  let known = { origin: '', root: '' }
  const rootOf = (): string => {
    const origin = ctx.publicUrl
    if (origin !== known.origin) known = { origin, root: `${origin.replace(/\/$/, '')}${service.path}` }
    return known.root
  }
  const documents = new Map<string, string>()
  const policies = new Map<string, AccessPolicy>()
  const limits = odataLimits(ctx.config)
  const rt: ServiceRuntime = {
    service,
    parsed: createParseCache(),
    operations: { flows: ctx.flows, bindings },
    changes: ctx.kernel.changes,
    limits,
    async: createAsyncRequests({ maxRequests: limits.maxAsyncRequests, maxPerOwner: limits.maxAsyncRequestsPerPrincipal, retentionMs: limits.asyncRetention * 1000 }),
    get root() {
      return rootOf()
    },
    readable: (set, ops) => {
      const name = set.entity.qualifiedName
      const policy = policies.get(name) ?? compileAccessPolicy(set.entity)
      policies.set(name, policy)
      return policy.readable(ops.principal)
    },
    metadata: (version: ODataVersion, format) => {
      const root = rootOf()
      const key = `${root} ${version}:${format}`
      const text = documents.get(key) ?? (format === 'xml' ? csdlXml(service, version, root) : JSON.stringify(csdlJson(service, version, root)))
      documents.set(key, text)
      return text
    },
  }
  const tracked = service.sets.filter((set) => trackable(set, { aliases: {}, custom: {} }))
  for (const set of tracked) ctx.kernel.changes.track(set.entity.qualifiedName)
  const authenticate = createAuthenticator({
    kinds: service.authentication,
    identity: ctx.identity,
    ...(ctx.config.jwt ? { jwt: ctx.config.jwt as JwtSettings } : {}),
    anonymousRoles: service.anonymousRoles,
  })
  return {
    contracts: [
      {
        kind: 'odata',
        name: service.name,
        version: service.version,
        get baseUrl() {
          return rootOf()
        },
        get document() {
          return `${rootOf()}/$metadata`
        },
        files: () => [
          { name: 'metadata.xml', content: rt.metadata('4.01', 'xml') },
          { name: 'metadata.json', content: `${JSON.stringify(JSON.parse(rt.metadata('4.01', 'json')), null, 2)}\n` },
        ],
      },
    ],
    routes: (http) => registerODataRoutes(http, rt, ctx.kernel, authenticate),
    // Requests still running in the background are cancelled where that changes nothing, else awaited.
    stop: () => rt.async.close(),
    ...(tracked.length > 0 ? { start: async (signal: AbortSignal) => pruneChangeLog(ctx, rt.limits.changeRetentionDays, signal) } : {}),
  }
}

const HOUR = 3_600_000

/** Keeps the change log to the retention: prunes now and every hour until the runtime stops. */
async function pruneChangeLog(ctx: AdapterContext, days: number, signal: AbortSignal): Promise<void> {
  const prune = async (): Promise<void> => {
    try {
      await ctx.kernel.changes.prune(new Date(Date.now() - days * 24 * HOUR))
    } catch (error) {
      ctx.log.warn({ err: error }, 'pruning the change log failed')
    }
  }
  await prune()
  const timer = setInterval(() => void prune(), HOUR)
  timer.unref()
  signal.addEventListener('abort', () => clearInterval(timer), { once: true })
}
