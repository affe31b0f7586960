import type { CheckContext, CheckRule, EntityModel, ExtensionModel } from '../../model/index.js'
import { isScalar } from '../exposure.js'
import type { ResourceDeclaration, RestServiceDeclaration } from './options.js'
import { buildExposure } from '../exposure.js'

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/

/** Every REST service declaration of the model. */
function services(ctx: CheckContext): ExtensionModel[] {
  return ctx.model.modules.flatMap((m) => m.extensions).filter((e) => e.section === 'services' && e.kind === 'rest')
}

function body(e: ExtensionModel): RestServiceDeclaration {
  return e.body as unknown as RestServiceDeclaration
}

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
]
