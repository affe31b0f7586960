import type { CheckContext, CheckRule, EntityModel, ExtensionModel } from '../../model/index.js'
import { isScalar } from '../exposure.js'
import type { OperationDeclaration, ResourceDeclaration, RestServiceDeclaration } from './options.js'
import { mappingLookup, type FlowDeclaration } from '../../flows/index.js'
import { flowIndex } from '../operations/bound-operation.js'
import { buildExposure } from '../exposure.js'

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/

/** Every REST service declaration of the model. */
function services(ctx: CheckContext): ExtensionModel[] {
  return ctx.model.modules.flatMap((m) => m.extensions).filter((e) => e.section === 'services' && e.kind === 'rest')
}

function body(e: ExtensionModel): RestServiceDeclaration {
  return e.body as unknown as RestServiceDeclaration
}

function operations(e: ExtensionModel): [string, OperationDeclaration][] {
  return Object.entries(body(e).operations ?? {})
}

/** The flow an operation names, by the rules of flow names. */
function flowOf(ctx: CheckContext, e: ExtensionModel, o: OperationDeclaration): FlowDeclaration | undefined {
  return flowIndex(ctx.model)(o.flow, e.module)
}

const PATH_PARAM = /\{([A-Za-z][A-Za-z0-9_]*)\}/g

function resources(e: ExtensionModel): [string, ResourceDeclaration][] {
  return Object.entries(body(e).resources ?? {})
}

function entityOf(ctx: CheckContext, e: ExtensionModel, r: ResourceDeclaration): EntityModel | undefined {
  return ctx.index.entity(r.entity.includes('.') ? r.entity : `${e.module}.${r.entity}`)
}

function rule(code: string, severity: CheckRule['severity'], title: string, description: string, check: (ctx: CheckContext) => void): CheckRule {
  return { code, severity, title, description, check }
}

/** The checker rules of published REST services (codes PR401…). */
export const restRules: readonly CheckRule[] = [
  rule('PR401', 'error', 'Resource exposes an entity that does not exist', 'A resource must expose an entity of the model (Entity in the same module, or Module.Entity). A renamed or removed entity breaks the contract: restore it or change the resource.', (ctx) => {
    for (const e of services(ctx)) {
      for (const [name, r] of resources(e)) {
        if (!entityOf(ctx, e, r)) ctx.report(ctx.at(e, ['resources', name, 'entity']), `resource '${name}' of REST service ${body(e).name} exposes '${r.entity}', which is not an entity of the model`)
      }
    }
  }),
  rule('PR402', 'error', 'Exposed member does not exist', 'Every exposed member must be an attribute or association (or inverse navigation) of the entity. Removing or renaming an exposed attribute breaks the contract; keep it, or change the exposure and the contract version.', (ctx) => {
    for (const e of services(ctx)) {
      for (const [name, r] of resources(e)) {
        const entity = entityOf(ctx, e, r)
        if (!entity) continue
        for (const [external, m] of Object.entries(r.members ?? {})) {
          const member = m?.member ?? external
          const known = entity.attributes.some((a) => a.name === member) || ctx.index.navigation(entity, member)
          if (!known) {
            const path = m?.member ? ['resources', name, 'members', external, 'member'] : ['resources', name, 'members', external]
            ctx.report(ctx.at(e, path, { key: !m?.member }), `resource '${name}' exposes '${member}', which is not a member of ${entity.qualifiedName}`)
          }
        }
      }
    }
  }),
  rule('PR403', 'error', 'Resource key is not unique', "A resource's key (used in item paths) must be `id` or an exposed attribute declared unique.", (ctx) => {
    for (const e of services(ctx)) {
      for (const [name, r] of resources(e)) {
        const entity = entityOf(ctx, e, r)
        if (!entity || r.key === undefined || r.key === 'id') continue
        const exposure = buildExposure(entity, r.members, ctx.index)
        const m = exposure.byMember.get(r.key)
        if (!m || m.kind !== 'attribute' || !m.attribute.unique || !m.attribute.required) {
          ctx.report(ctx.at(e, ['resources', name, 'key']), `key '${r.key}' of resource '${name}' must be id or an exposed, required and unique attribute of ${entity.qualifiedName}`)
        }
      }
    }
  }),
  rule('PR404', 'error', 'Two services share a base path', 'Every published service version has its own base path (versions side by side: /rest/shop/v1, /rest/shop/v2).', (ctx) => {
    const seen = new Map<string, string>()
    for (const e of services(ctx)) {
      const path = body(e).path
      const other = seen.get(path)
      if (other) ctx.report(ctx.at(e, ['path']), `REST service ${body(e).name} ${body(e).version} uses path ${path}, already used by ${other}`)
      else seen.set(path, `${body(e).name} ${body(e).version}`)
    }
  }),
  rule('PR405', 'error', 'Service version is not semver', 'A published contract has a semantic version MAJOR.MINOR.PATCH; breaking changes need a new major version beside the old one.', (ctx) => {
    for (const e of services(ctx)) {
      if (!SEMVER.test(String(body(e).version))) ctx.report(ctx.at(e, ['version']), `version '${body(e).version}' of REST service ${body(e).name} is not a semantic version (MAJOR.MINOR.PATCH)`)
    }
  }),
  rule('PR406', 'error', 'Path and major version disagree', 'The major version appears in the base path (`/v2` for 2.x.y), so clients of different majors are served side by side.', (ctx) => {
    for (const e of services(ctx)) {
      const major = /^(\d+)\./.exec(String(body(e).version))?.[1]
      const inPath = /\/v(\d+)(?:\/|$)/.exec(body(e).path)?.[1]
      if (major !== undefined && inPath !== undefined && inPath !== major) {
        ctx.report(ctx.at(e, ['path']), `path ${body(e).path} names major version ${inPath}, but the service version is ${body(e).version}`)
      }
    }
  }),
  rule('PR407', 'warning', 'Service without authentication', 'Access is denied by default; `authentication: [none]` opens a service to anyone who can reach it, acting with anonymousRoles only. Make sure that is meant.', (ctx) => {
    for (const e of services(ctx)) {
      if (body(e).authentication?.includes('none')) ctx.report(ctx.at(e, ['authentication']), `REST service ${body(e).name} accepts requests without credentials`)
    }
  }),
  rule('PR408', 'error', 'Filter or sort names no exposed value', 'filter and sort list external names of exposed attributes or references (not collections).', (ctx) => {
    for (const e of services(ctx)) {
      for (const [name, r] of resources(e)) {
        const entity = entityOf(ctx, e, r)
        if (!entity) continue
        const scalars = new Set(buildExposure(entity, r.members, ctx.index).members.filter(isScalar).map((m) => m.external))
        for (const list of ['filter', 'sort'] as const) {
          ;(r[list] ?? []).forEach((external, i) => {
            if (!scalars.has(external)) ctx.report(ctx.at(e, ['resources', name, list, i]), `${list} of resource '${name}' names '${external}', which is not an exposed attribute or reference; exposed: ${[...scalars].join(', ')}`)
          })
        }
      }
    }
  }),
  rule('PR409', 'error', 'Embedded association has no resource', 'An association exposed with `as: embed` shows the target as its own resource shows it, so the target entity must be a resource of the same service.', (ctx) => {
    for (const e of services(ctx)) {
      const exposed = new Set(resources(e).map(([, r]) => entityOf(ctx, e, r)?.qualifiedName))
      for (const [name, r] of resources(e)) {
        const entity = entityOf(ctx, e, r)
        if (!entity) continue
        for (const [external, m] of Object.entries(r.members ?? {})) {
          if (m?.as !== 'embed') continue
          const nav = ctx.index.navigation(entity, m.member ?? external)
          if (nav && !exposed.has(nav.target.qualifiedName)) ctx.report(ctx.at(e, ['resources', name, 'members', external, 'as']), `'${external}' embeds ${nav.target.qualifiedName}, which is not a resource of REST service ${body(e).name}`)
          if (!nav) ctx.report(ctx.at(e, ['resources', name, 'members', external, 'as']), `'${external}' is not an association, so it cannot be embedded`)
        }
      }
    }
  }),
  rule('PR410', 'error', 'Resource on a non-persistent entity', 'Entity resources read and write stored objects; a non-persistent entity has none. Use it as the shape of a custom operation instead.', (ctx) => {
    for (const e of services(ctx)) {
      for (const [name, r] of resources(e)) {
        const entity = entityOf(ctx, e, r)
        if (entity && !entity.persistent) ctx.report(ctx.at(e, ['resources', name, 'entity']), `resource '${name}' exposes ${entity.qualifiedName}, which is not persistent`)
      }
    }
  }),
  rule('PR411', 'error', 'Create can never succeed', 'A resource that creates or replaces objects must expose, writable, every required attribute and reference without a default; otherwise every create fails validation.', (ctx) => {
    for (const e of services(ctx)) {
      for (const [name, r] of resources(e)) {
        const entity = entityOf(ctx, e, r)
        const ops = r.operations ?? ['create']
        if (!entity || !(ops.includes('create') || ops.includes('replace'))) continue
        const exposure = buildExposure(entity, r.members, ctx.index)
        const needed = [
          ...entity.attributes.filter((a) => a.required && !a.system && a.type.kind !== 'AutoNumber' && (a.default === undefined || a.default === null)).map((a) => a.name),
          ...entity.associations.filter((a) => a.required && a.kind !== 'referenceSet').map((a) => a.name),
        ]
        const missing = needed.filter((m) => !exposure.byMember.get(m) || exposure.byMember.get(m)?.readOnly)
        if (missing.length > 0) ctx.report(ctx.at(e, ['resources', name, 'operations']), `resource '${name}' creates ${entity.qualifiedName} but does not let callers send ${missing.join(', ')}, which are required and have no default`)
      }
    }
  }),
  rule('PR412', 'error', 'Unknown anonymous role', 'anonymousRoles must be roles declared in the app file, and only make sense when the service accepts `none`.', (ctx) => {
    const roles = new Set(ctx.model.roles.map((r) => r.name))
    for (const e of services(ctx)) {
      ;(body(e).anonymousRoles ?? []).forEach((role, i) => {
        if (!roles.has(role)) ctx.report(ctx.at(e, ['anonymousRoles', i]), `role '${role}' is not declared in portico.yaml; roles: ${[...roles].join(', ')}`)
        else if (!body(e).authentication?.includes('none')) ctx.report(ctx.at(e, ['anonymousRoles', i]), `anonymousRoles has no effect: REST service ${body(e).name} does not accept authentication none`)
      })
    }
  }),
  rule('PR413', 'error', 'A member is exposed twice', 'Each member appears once per resource; two external names for one member make requests ambiguous.', (ctx) => {
    for (const e of services(ctx)) {
      for (const [name, r] of resources(e)) {
        const seen = new Map<string, string>()
        for (const [external, m] of Object.entries(r.members ?? {})) {
          const member = m?.member ?? external
          const first = seen.get(member)
          if (first) ctx.report(ctx.at(e, ['resources', name, 'members', external], { key: true }), `'${external}' exposes '${member}', already exposed as '${first}' in resource '${name}'`)
          else seen.set(member, external)
        }
      }
    }
  }),
  rule('PR414', 'warning', 'Sunset date has passed', 'A deprecated service or resource whose sunset date has passed may be removed (CONTRACT-RULES P11); clients still calling it should have moved.', (ctx) => {
    const today = ctx.now.toISOString().slice(0, 10)
    for (const e of services(ctx)) {
      const check = (d: unknown, path: (string | number)[], what: string) => {
        const sunset = typeof d === 'object' && d !== null ? (d as { sunset?: string }).sunset : undefined
        if (sunset && sunset < today) ctx.report(ctx.at(e, [...path, 'sunset']), `${what} was to be removed after ${sunset}`)
      }
      check(body(e).deprecated, ['deprecated'], `REST service ${body(e).name} ${body(e).version}`)
      for (const [name, r] of resources(e)) check(r.deprecated, ['resources', name, 'deprecated'], `resource '${name}'`)
    }
  }),
  rule('PR415', 'error', 'Operation bound to an unknown flow', 'A custom operation runs a flow: `flow:` must name a flow of the model (Name in the same module, or Module.Name) whose trigger is `{ kind: operation }`.', (ctx) => {
    for (const e of services(ctx)) {
      for (const [name, o] of operations(e)) {
        const flow = flowOf(ctx, e, o)
        if (!flow) ctx.report(ctx.at(e, ['operations', name, 'flow']), `operation '${name}' runs flow '${o.flow}', which the model does not declare`)
        else if (flow.trigger.kind !== 'operation') ctx.report(ctx.at(e, ['operations', name, 'flow']), `operation '${name}' runs flow ${flow.name}, whose trigger is ${flow.trigger.kind}; declare trigger: { kind: operation }`)
      }
    }
  }),
  rule('PR416', 'error', 'Operation mapping is unknown or does not fit', 'A custom operation reads its body with a JSON import mapping (direction import or both) and writes its result with a JSON export mapping (export or both). The request mapping makes the flow’s $input, so its entity must be the flow’s `input.entity` when the flow declares one; `list` needs a response mapping; a GET or DELETE reads no body.', (ctx) => {
    const lookup = mappingLookup(ctx.model)
    for (const e of services(ctx)) {
      for (const [name, o] of operations(e)) {
        const flow = flowOf(ctx, e, o)
        const check = (part: 'request' | 'response', mappingName: string, wants: 'import' | 'export') => {
          const at = ctx.at(e, ['operations', name, part, 'mapping'])
          const m = lookup.find(mappingName, e.module)
          if (!m) return ctx.report(at, `operation '${name}': no mapping ${mappingName}`)
          if (m.kind !== 'json') return ctx.report(at, `operation '${name}': ${mappingName} is a ${m.kind} mapping; REST operations read and write JSON`)
          if (m.direction !== wants && m.direction !== 'both') return ctx.report(at, `operation '${name}': ${mappingName} is ${m.direction}-only; the ${part} needs an ${wants} mapping`)
          if (part === 'request' && flow?.input.entity && flow.input.entity !== m.entity) {
            ctx.report(at, `operation '${name}': ${mappingName} reads ${m.entity}, but flow ${flow.name} takes ${flow.input.entity} as its input`)
          }
        }
        if (o.request) {
          if (o.method === 'GET' || o.method === 'DELETE') ctx.report(ctx.at(e, ['operations', name, 'request']), `operation '${name}': a ${o.method} request has no body; use parameters, or POST`)
          else check('request', o.request.mapping, 'import')
        }
        if (o.response?.mapping) check('response', o.response.mapping, 'export')
        if (o.response?.list && !o.response.mapping) ctx.report(ctx.at(e, ['operations', name, 'response', 'list']), `operation '${name}': list needs a response mapping that writes each object`)
        if (o.response?.status === 204 && o.response.mapping) ctx.report(ctx.at(e, ['operations', name, 'response', 'status']), `operation '${name}': status 204 sends no body, so the response mapping is never used`)
      }
    }
  }),
  rule('PR417', 'error', 'Path parameter not bound', 'Every {name} in an operation’s path needs a parameter of that name `in: path`, and every `in: path` parameter must appear in the path.', (ctx) => {
    for (const e of services(ctx)) {
      for (const [name, o] of operations(e)) {
        const inPath = new Set([...o.path.matchAll(PATH_PARAM)].map((m) => m[1] as string))
        const declared = Object.entries(o.parameters ?? {}).filter(([, p]) => p.in === 'path')
        for (const p of inPath) {
          if (!declared.some(([wire]) => wire === p)) ctx.report(ctx.at(e, ['operations', name, 'path']), `operation '${name}': path parameter {${p}} is not declared; add parameters: { ${p}: { in: path } }`)
        }
        for (const [wire] of declared) {
          if (!inPath.has(wire)) ctx.report(ctx.at(e, ['operations', name, 'parameters', wire], { key: true }), `operation '${name}': path parameter '${wire}' does not appear in ${o.path}`)
        }
      }
    }
  }),
  rule('PR418', 'error', 'Operation parameters do not match the flow', 'Each parameter of an operation gives a parameter the flow declares (`parameter:`, or the same name), and every required flow parameter is given by one; the flow parameter’s type is the wire type.', (ctx) => {
    for (const e of services(ctx)) {
      for (const [name, o] of operations(e)) {
        const flow = flowOf(ctx, e, o)
        if (!flow) continue
        const declared = new Map(flow.parameters.map((p) => [p.name, p]))
        const given = new Map<string, string>()
        for (const [wire, p] of Object.entries(o.parameters ?? {})) {
          const target = p.parameter ?? wire
          const at = ctx.at(e, ['operations', name, 'parameters', wire], { key: true })
          if (!declared.has(target)) ctx.report(at, `operation '${name}': flow ${flow.name} has no parameter '${target}'; its parameters: ${[...declared.keys()].join(', ') || 'none'}`)
          else if (given.has(target)) ctx.report(at, `operation '${name}': '${wire}' and '${given.get(target)}' both give flow parameter '${target}'`)
          else given.set(target, wire)
        }
        for (const p of flow.parameters) {
          if (p.required && !given.has(p.name)) ctx.report(ctx.at(e, ['operations', name, 'flow']), `operation '${name}': flow ${flow.name} requires parameter '${p.name}' (${p.type}), which no operation parameter gives`)
        }
      }
    }
  }),
  rule('PR419', 'error', 'Two routes share a method and path', 'Each method and path of a service is served by one thing: a custom operation may not repeat another’s method and path, nor one of a resource’s (GET/POST /name, GET/PUT/PATCH/DELETE /name/{key}).', (ctx) => {
    for (const e of services(ctx)) {
      const shape = (path: string) => path.replace(PATH_PARAM, '{}')
      const taken = new Map<string, string>()
      for (const [name, r] of resources(e)) {
        const ops = new Set(r.operations ?? ['list', 'get', 'create', 'replace', 'patch', 'delete'])
        const routes: [string, string, boolean][] = [
          ['GET', `/${name}`, ops.has('list')], ['POST', `/${name}`, ops.has('create')],
          ['GET', `/${name}/{}`, ops.has('get')], ['PUT', `/${name}/{}`, ops.has('replace')], ['PATCH', `/${name}/{}`, ops.has('patch')], ['DELETE', `/${name}/{}`, ops.has('delete')],
        ]
        // Every method of a resource path is taken: switched-off ones answer 405.
        for (const [method, path] of routes) taken.set(`${method} ${path}`, `resource '${name}'`)
      }
      for (const [name, o] of operations(e)) {
        const key = `${o.method} ${shape(o.path)}`
        const first = taken.get(key)
        if (first) ctx.report(ctx.at(e, ['operations', name, 'path']), `operation '${name}': ${o.method} ${o.path} is already served by ${first}`)
        else taken.set(key, `operation '${name}'`)
      }
    }
  }),
]
