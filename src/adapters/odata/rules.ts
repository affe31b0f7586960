import type { CheckContext, CheckRule, EntityModel, ExtensionModel } from '../../model/index.js'
import { buildExposure } from '../exposure.js'
import type { BoundOperationDeclaration, EntitySetDeclaration, ODataServiceDeclaration } from './options.js'
import { resolveEntity } from './service/service-model.js'
import type { Step } from '../../flows/index.js'
import { flowIndex } from '../operations/bound-operation.js'

/** The OData services of the model with their declarations. */
function services(ctx: CheckContext): { ext: ExtensionModel; body: ODataServiceDeclaration }[] {
  return ctx.model.modules
    .flatMap((m) => m.extensions)
    .filter((e) => e.section === 'services' && e.kind === 'odata')
    .map((ext) => ({ ext, body: ext.body as unknown as ODataServiceDeclaration }))
}

/** Every entity set of every OData service, with its entity when it resolves. */
function entitySets(ctx: CheckContext) {
  return services(ctx).flatMap(({ ext, body }) =>
    Object.entries(body.entitySets ?? {}).map(([name, set]) => ({ ext, body, name, set, entity: resolveEntity(ctx.index, set.entity, ext.module) })),
  )
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/

export const unknownEntityRule: CheckRule = {
  code: 'PO501',
  severity: 'error',
  title: 'Entity set of an unknown entity',
  description: 'An entity set of an OData service names an entity the model does not have (write Entity for one of the same module, Module.Entity otherwise). Nothing can be served for it.',
  check(ctx) {
    for (const s of entitySets(ctx)) {
      if (!s.entity) ctx.report(ctx.at(s.ext, ['entitySets', s.name, 'entity']), `entity set ${s.name} of OData service ${s.body.name} names '${s.set.entity}', which is not an entity of the model`)
    }
  },
}

export const missingMemberRule: CheckRule = {
  code: 'PO502',
  severity: 'error',
  title: 'Exposed member missing',
  description: 'A property of an entity set names a member its entity does not have, or an association that is not a to-one reference (only those can be exposed as a property holding the referenced id; expose the others as navigation properties). Correct the member name or remove the property.',
  check(ctx) {
    for (const s of entitySets(ctx)) {
      if (!s.entity) continue
      for (const [external, d] of Object.entries(s.set.members ?? {})) {
        const member = d?.member ?? external
        const nav = ctx.index.navigation(s.entity, member)
        const ok = ctx.index.attribute(s.entity, member) !== undefined || (nav?.direction === 'forward' && nav.cardinality === 'one')
        if (!ok) ctx.report(ctx.at(s.ext, d?.member === undefined ? ['entitySets', s.name, 'members', external] : ['entitySets', s.name, 'members', external, 'member'], { key: d?.member === undefined }), `property ${external} of entity set ${s.name} names '${member}', which is not an attribute or to-one reference of ${s.entity.qualifiedName}`)
      }
    }
  },
}

export const missingNavigationRule: CheckRule = {
  code: 'PO503',
  severity: 'error',
  title: 'Navigation property not backed by an association',
  description: 'A navigation property names an association (or inverse) the entity does not have, or leads to an entity set that is not in the service or exposes another entity than the association’s target. Name an association of the entity and a set of its target.',
  check(ctx) {
    for (const s of entitySets(ctx)) {
      if (!s.entity) continue
      for (const [name, n] of Object.entries(s.set.navigation ?? {})) {
        const nav = ctx.index.navigation(s.entity, n.member ?? name)
        const target = s.body.entitySets[n.target]
        const targetEntity = target ? resolveEntity(ctx.index, target.entity, s.ext.module) : undefined
        if (!nav) ctx.report(ctx.at(s.ext, ['entitySets', s.name, 'navigation', name]), `navigation ${name} of entity set ${s.name} names '${n.member ?? name}', which is not an association or inverse of ${s.entity.qualifiedName}`)
        else if (!target || targetEntity !== nav.target) ctx.report(ctx.at(s.ext, ['entitySets', s.name, 'navigation', name, 'target']), `navigation ${name} of entity set ${s.name} leads to ${nav.target.qualifiedName}; target '${n.target}' is not an entity set of that entity in this service`)
      }
    }
  },
}

export const keyRule: CheckRule = {
  code: 'PO504',
  severity: 'error',
  title: 'Key not exposed or not unique',
  description: 'The key of an entity set must be exposed properties that identify one object: id, a unique required attribute, or the members of a unique index (a composite key). Expose the key properties and key on unique members.',
  check(ctx) {
    for (const s of entitySets(ctx)) {
      if (!s.entity || !s.set.key) continue
      const members = s.set.key.map((k) => memberOf(s.set, k))
      const missing = s.set.key.filter((k, i) => members[i] === undefined || !isExposable(s.entity as EntityModel, members[i] as string, ctx))
      const pos = ctx.at(s.ext, ['entitySets', s.name, 'key'])
      if (missing.length) ctx.report(pos, `key ${missing.join(', ')} of entity set ${s.name} is not an exposed property of it`)
      else if (!identifies(s.entity, members as string[])) ctx.report(pos, `key (${s.set.key.join(', ')}) of entity set ${s.name} does not identify one ${s.entity.qualifiedName}: use id, a unique required attribute, or the members of a unique index`)
    }
  },
}

function memberOf(set: EntitySetDeclaration, external: string): string | undefined {
  if (!set.members) return external
  if (external === 'id' && !('id' in set.members)) return 'id'
  const d = set.members[external]
  return external in set.members ? (d?.member ?? external) : undefined
}

function isExposable(entity: EntityModel, member: string, ctx: CheckContext): boolean {
  const nav = ctx.index.navigation(entity, member)
  return ctx.index.attribute(entity, member) !== undefined || (nav?.direction === 'forward' && nav.cardinality === 'one')
}

function identifies(entity: EntityModel, members: readonly string[]): boolean {
  if (members.length === 1) {
    const a = entity.attributes.find((x) => x.name === members[0])
    return members[0] === 'id' || (a !== undefined && a.unique && a.required)
  }
  return entity.indexes.some((i) => i.unique && i.members.length === members.length && members.every((m) => i.members.includes(m)))
}

export const nonPersistentRule: CheckRule = {
  code: 'PO505',
  severity: 'error',
  title: 'Entity set of a non-persistent entity',
  description: 'An OData entity set serves stored objects; a non-persistent entity has none, so its capabilities (insertable, filterable, …) cannot hold. Expose a persistent entity, or publish the data through a flow.',
  check(ctx) {
    for (const s of entitySets(ctx)) {
      if (s.entity && !s.entity.persistent) ctx.report(ctx.at(s.ext, ['entitySets', s.name, s.set.capabilities ? 'capabilities' : 'entity']), `entity set ${s.name} exposes ${s.entity.qualifiedName}, which is not persistent`)
    }
  },
}

export const duplicateNameRule: CheckRule = {
  code: 'PO506',
  severity: 'error',
  title: 'Entity set or type name used twice',
  description: 'Two entity sets of one service have names that differ only in case, or two sets get the same entity type name (the same entity exposed twice). OData identifiers must be unique, and clients may compare them without case. Rename one set, or give it a typeName.',
  check(ctx) {
    for (const { ext, body } of services(ctx)) {
      const sets = new Map<string, string>()
      const types = new Map<string, string>()
      for (const [name, set] of Object.entries(body.entitySets ?? {})) {
        const type = set.typeName ?? set.entity.split('.').pop() ?? set.entity
        const sameName = sets.get(name.toLowerCase())
        const sameType = types.get(type)
        if (sameName) ctx.report(ctx.at(ext, ['entitySets', name], { key: true }), `entity set ${name} of OData service ${body.name} differs from ${sameName} only in case`)
        else if (sameType) ctx.report(ctx.at(ext, ['entitySets', name], { key: true }), `entity sets ${sameType} and ${name} of OData service ${body.name} both get entity type ${type}; give one a typeName`)
        sets.set(name.toLowerCase(), name)
        types.set(type, name)
      }
    }
  },
}

export const versionRule: CheckRule = {
  code: 'PO507',
  severity: 'error',
  title: 'Service version is not semver',
  description: 'The version of an OData service is the version of its contract: compatibility checks compare it, and its major version belongs in the service path (/odata/shop/v1). Write MAJOR.MINOR.PATCH.',
  check(ctx) {
    for (const { ext, body } of services(ctx)) {
      if (!SEMVER.test(String(body.version))) ctx.report(ctx.at(ext, ['version']), `version '${body.version}' of OData service ${body.name} is not a semantic version; write MAJOR.MINOR.PATCH, e.g. 1.0.0`)
    }
  },
}

export const majorVersionRule: CheckRule = {
  code: 'PO510',
  severity: 'error',
  title: 'OData path and major version disagree',
  description: 'The major version of an OData service is part of its root (/odata/shop/v1 for 1.x.y), so that an incompatible version is published beside the old one instead of replacing it. End the path with /v<major>.',
  check(ctx) {
    for (const { ext, body } of services(ctx)) {
      const major = String(body.version).split('.')[0]
      if (SEMVER.test(String(body.version)) && !String(body.path).endsWith(`/v${major}`)) ctx.report(ctx.at(ext, ['path']), `path ${body.path} of OData service ${body.name} does not end with its major version /v${major}`)
    }
  },
}

export const sharedPathRule: CheckRule = {
  code: 'PO508',
  severity: 'error',
  title: 'OData service path taken',
  description: 'Every published service version has its own root: an OData service whose path is the path of another service (of any kind), or lies below it, would answer the other one’s requests. Give each service and version its own path (/odata/shop/v1, /odata/shop/v2).',
  check(ctx) {
    const all = ctx.model.modules.flatMap((m) => m.extensions).filter((e) => e.section === 'services' && typeof e.body.path === 'string')
    for (const { ext, body } of services(ctx)) {
      const clash = all.find((o) => o !== ext && (o.body.path === body.path || String(body.path).startsWith(`${String(o.body.path)}/`) || String(o.body.path).startsWith(`${body.path}/`)))
      if (clash) ctx.report(ctx.at(ext, ['path']), `path ${body.path} of OData service ${body.name} overlaps ${String(clash.body.path)} of ${clash.kind} service ${clash.name}`)
    }
  },
}

export const anonymousRoleRule: CheckRule = {
  code: 'PO509',
  severity: 'error',
  title: 'Unknown anonymous role',
  description: 'anonymousRoles gives callers without credentials roles of the app; a role the app does not declare grants nothing and is most likely a typo. Declare the role in portico.yaml or correct the name.',
  check(ctx) {
    const roles = new Set(ctx.model.roles.map((r) => r.name))
    for (const { ext, body } of services(ctx)) {
      for (const [i, role] of (body.anonymousRoles ?? []).entries()) {
        if (!roles.has(role)) ctx.report(ctx.at(ext, ['anonymousRoles', i]), `anonymous role '${role}' of OData service ${body.name} is not a role of the app`)
      }
    }
  },
}

/**
 * Every action and function of every OData service, with its flow when it resolves: the
 * service's unbound ones, and those bound to an entity set (`bound`, with the set's entity).
 * `at` is where the declaration sits.
 */
function operationImports(ctx: CheckContext) {
  const findFlow = flowIndex(ctx.model)
  return services(ctx).flatMap(({ ext, body }) => {
    const declared = (owner: OperationOwner, base: readonly string[], bound?: BoundTo) =>
      (['actions', 'functions'] as const).flatMap((section) =>
        Object.entries(owner[section] ?? {}).map(([name, d]) => ({ ext, body, section, name, d: d as BoundOperationDeclaration, flow: findFlow(d.flow, ext.module), at: [...base, section, name], ...(bound ? { bound } : {}) })),
      )
    return [
      ...declared(body, []),
      ...Object.entries(body.entitySets ?? {}).flatMap(([setName, set]) => declared(set, ['entitySets', setName], { name: setName, set, entity: resolveEntity(ctx.index, set.entity, ext.module) })),
    ]
  })
}

type OperationOwner = Pick<ODataServiceDeclaration, 'actions' | 'functions'> | Pick<EntitySetDeclaration, 'actions' | 'functions'>

interface BoundTo {
  readonly name: string
  readonly set: EntitySetDeclaration
  readonly entity: EntityModel | undefined
}

const kindOf = (section: 'actions' | 'functions') => (section === 'actions' ? 'action' : 'function')

const WRITES = new Set(['create', 'update', 'upsert', 'delete', 'import', 'publish'])

/** The first step of a flow that changes data or sends a message, nested steps included. */
function firstWrite(steps: readonly Step[]): Step | undefined {
  for (const step of steps) {
    if (WRITES.has(step.kind)) return step
    const inner = step.kind === 'if' ? firstWrite([...step.then, ...step.else]) : step.kind === 'forEach' ? firstWrite(step.steps) : undefined
    if (inner) return inner
  }
  return undefined
}

export const operationFlowRule: CheckRule = {
  code: 'PO511',
  severity: 'error',
  title: 'Action or function bound to an unknown flow',
  description:
    'An action or function runs a flow: `flow:` must name a flow of the model whose trigger is `{ kind: operation }`, for unbound operations and those bound to an entity set alike. Its parameters are the flow’s parameters; the flow of an unbound one cannot read a request body (`input:`), since OData passes named parameters only (a bound one’s `$input` is the entity it is invoked on, PO515).',
  check(ctx) {
    for (const o of operationImports(ctx)) {
      const at = ctx.at(o.ext, [...o.at, 'flow'])
      if (!o.flow) ctx.report(at, `${kindOf(o.section)} ${o.name} of ${o.bound ? `entity set ${o.bound.name}` : `OData service ${o.body.name}`} runs flow '${o.d.flow}', which the model does not declare`)
      else if (o.flow.trigger.kind !== 'operation') ctx.report(at, `${o.name} runs flow ${o.flow.name}, whose trigger is ${o.flow.trigger.kind}; declare trigger: { kind: operation }`)
      else if (!o.bound && (o.flow.input.entity || o.flow.input.mapping)) ctx.report(at, `${o.name} runs flow ${o.flow.name}, which reads a request body ($input); OData actions and functions give a flow named parameters only`)
    }
  },
}

export const operationReturnsRule: CheckRule = {
  code: 'PO512',
  severity: 'error',
  title: 'Action or function returns an unknown entity set',
  description: '`returns:` names an entity set of the same service (`entitySet: Orders`) or a primitive `type`, not both. Entities a flow returns are read back through that set.',
  check(ctx) {
    for (const o of operationImports(ctx)) {
      const r = o.d.returns
      if (!r) continue
      const at = ctx.at(o.ext, [...o.at, 'returns'])
      if (r.entitySet && r.type) ctx.report(at, `${o.name} returns both entity set ${r.entitySet} and type ${r.type}; say one`)
      else if (!r.entitySet && !r.type) ctx.report(at, `${o.name} declares returns without an entitySet or a type`)
      else if (r.entitySet && !Object.hasOwn(o.body.entitySets ?? {}, r.entitySet)) {
        ctx.report(ctx.at(o.ext, [...o.at, 'returns', 'entitySet']), `${o.name} returns entity set '${r.entitySet}', which OData service ${o.body.name} does not have; sets: ${Object.keys(o.body.entitySets ?? {}).join(', ')}`)
      }
    }
  },
}

export const functionSideEffectRule: CheckRule = {
  code: 'PO513',
  severity: 'error',
  title: 'Function changes data',
  description: 'OData functions must not have side effects (clients and proxies may call a GET again, or cache it). A flow that creates, updates, upserts, deletes, imports or publishes must be bound as an action.',
  check(ctx) {
    for (const o of operationImports(ctx)) {
      if (o.section !== 'functions' || !o.flow) continue
      const write = firstWrite(o.flow.steps)
      if (write) ctx.report(ctx.at(o.ext, [...o.at, 'flow']), `function ${o.name} runs flow ${o.flow.name}, whose ${write.kind} step changes data; declare it under actions`)
    }
  },
}

export const operationNameRule: CheckRule = {
  code: 'PO514',
  severity: 'error',
  title: 'Action or function name used twice',
  description: 'Actions, functions and entity sets share the names of a service’s container (and the resource path): each name may be used once.',
  check(ctx) {
    for (const { ext, body } of services(ctx)) {
      const seen = new Set(Object.keys(body.entitySets ?? {}))
      for (const section of ['actions', 'functions'] as const) {
        for (const name of Object.keys(body[section] ?? {})) {
          if (seen.has(name)) ctx.report(ctx.at(ext, [section, name], { key: true }), `'${name}' is already an entity set, action or function of OData service ${body.name}`)
          seen.add(name)
        }
      }
    }
  },
}

export const bindingInputRule: CheckRule = {
  code: 'PO515',
  severity: 'error',
  title: 'Flow of a bound operation does not take the bound entity',
  description:
    'A flow bound to the entities of a set receives the entity it is invoked on as `$input`: it must declare `input: { entity: E }` with the set’s entity E. A flow bound to the whole set (`binding: collection`) gets no input and must declare none. The binding parameter’s name may not be one of the flow’s parameters.',
  check(ctx) {
    for (const o of operationImports(ctx)) {
      const b = o.bound
      if (!b?.entity || !o.flow || o.flow.trigger.kind !== 'operation') continue
      const at = ctx.at(o.ext, [...o.at, 'flow'])
      const input = o.flow.input
      if (o.d.binding === 'collection') {
        if (input.entity || input.mapping) ctx.report(at, `${o.name} is bound to the entity set ${b.name} as a whole, so flow ${o.flow.name} gets no $input; remove its input, or bind it to one entity (binding: entity)`)
      } else if (input.entity !== b.entity.qualifiedName || input.mapping) {
        ctx.report(at, `${o.name} is bound to one ${b.entity.qualifiedName} of ${b.name}, which flow ${o.flow.name} receives as $input; declare input: { entity: ${b.entity.name} } in the flow${input.entity ? ` (it declares ${input.entity})` : ''}`)
      }
      const parameter = o.d.bindingParameter
      if (parameter && o.flow.parameters.some((p) => p.name === parameter)) ctx.report(ctx.at(o.ext, [...o.at, 'bindingParameter']), `binding parameter '${parameter}' of ${o.name} is also a parameter of flow ${o.flow.name}; give it another name`)
    }
  },
}

export const boundNameRule: CheckRule = {
  code: 'PO516',
  severity: 'error',
  title: 'Bound operation name clashes',
  description:
    'A bound action or function is a path segment after an entity (`Orders(1)/Cancel`), where properties and navigation properties are too: its name may not be one of the set’s, nor be both an action and a function of the set, nor be bound twice to one entity type (two sets of one type declaring it).',
  check(ctx) {
    const seenByType = new Map<string, string>()
    for (const o of operationImports(ctx)) {
      const b = o.bound
      if (!b?.entity) continue
      const at = ctx.at(o.ext, o.at, { key: true })
      const members = buildExposure(b.entity, b.set.members, ctx.index).members.map((m) => m.external)
      const navigations = b.set.navigation ? Object.keys(b.set.navigation) : ctx.index.navigations(b.entity).map((n) => n.name)
      const typeKey = `${o.body.name}:${b.set.typeName ?? b.entity.name}:${o.d.binding ?? 'entity'}:${o.name}`
      if (members.includes(o.name) || navigations.includes(o.name)) ctx.report(at, `'${o.name}' is already a property or navigation of entity set ${b.name}; give the ${kindOf(o.section)} another name`)
      else if (o.section === 'functions' && Object.hasOwn(b.set.actions ?? {}, o.name)) ctx.report(at, `'${o.name}' is both an action and a function of entity set ${b.name}`)
      else if (seenByType.has(typeKey)) ctx.report(at, `'${o.name}' is already bound to the entity type of ${b.name} by entity set ${seenByType.get(typeKey)}`)
      seenByType.set(typeKey, b.name)
    }
  },
}

export const changeTrackingKeyRule: CheckRule = {
  code: 'PO517',
  severity: 'error',
  title: 'Change tracking on a set not keyed by id',
  description:
    'A delta link reports a deleted entity by its entity-id, and the change log keeps only the ids of the objects it saw change: a set with `changeTracking: true` must be keyed by `id` (the default), or deleted entities could not be named. Key the set by id, or leave change tracking off.',
  check(ctx) {
    for (const s of entitySets(ctx)) {
      const key = s.set.key ?? ['id']
      if (s.set.capabilities?.changeTracking === true && (key.length !== 1 || key[0] !== 'id')) {
        ctx.report(ctx.at(s.ext, ['entitySets', s.name, 'capabilities', 'changeTracking']), `entity set ${s.name} tracks changes but is keyed by (${key.join(', ')}); change tracking needs the key [id]`)
      }
    }
  },
}

/** The OData adapter's checker rules (PO501–PO517), documented in docs/diagnostics.md. */
export const odataRules: readonly CheckRule[] = [
  unknownEntityRule,
  missingMemberRule,
  missingNavigationRule,
  keyRule,
  nonPersistentRule,
  duplicateNameRule,
  versionRule,
  sharedPathRule,
  anonymousRoleRule,
  majorVersionRule,
  operationFlowRule,
  operationReturnsRule,
  functionSideEffectRule,
  operationNameRule,
  bindingInputRule,
  boundNameRule,
  changeTrackingKeyRule,
]
