import type { FlowParameterType } from '../../../flows/index.js'
import type { AppModel, AttributeModel, EntityModel, EnumerationModel, ExtensionModel, ModelIndex, Navigation } from '../../../model/index.js'
import { flowIndex } from '../../operations/bound-operation.js'
import { buildExposure } from '../../exposure.js'
import type { AuthenticationKind } from '../../http/authenticate.js'
import { CAPABILITY_NAMES, type BoundOperationDeclaration, type Capabilities, type EntitySetDeclaration, type ODataServiceDeclaration } from '../options.js'
import { edmTypeOf, ID_TYPE, type EdmType } from './edm-types.js'
import { IdentifierMap } from './identifier-map.js'

/** A structural property of an entity type: an attribute, or a to-one reference as its id. */
export interface ODataProperty {
  readonly name: string
  /** The attribute or association name in the model. */
  readonly member: string
  readonly kind: 'attribute' | 'reference'
  readonly attribute?: AttributeModel
  readonly type: EdmType
  readonly nullable: boolean
  /** Never accepted in requests (system members, AutoNumber, declared read-only). */
  readonly readOnly: boolean
  readonly description?: string
}

/** A navigation property: a model navigation leading to another entity set of the service. */
export interface ODataNavigation {
  readonly name: string
  readonly navigation: Navigation
  /** Name of the target entity set. */
  readonly target: string
  readonly collection: boolean
  readonly nullable: boolean
}

export interface ODataEntitySet {
  readonly name: string
  readonly typeName: string
  readonly entity: EntityModel
  readonly description?: string
  readonly properties: readonly ODataProperty[]
  readonly property: ReadonlyMap<string, ODataProperty>
  /** Properties by model member name. */
  readonly byMember: ReadonlyMap<string, ODataProperty>
  readonly navigations: readonly ODataNavigation[]
  readonly navigation: ReadonlyMap<string, ODataNavigation>
  readonly navigationByMember: ReadonlyMap<string, ODataNavigation>
  readonly key: readonly ODataProperty[]
  readonly capabilities: Required<Capabilities>
  readonly pageSize: number
}

/** A parameter of an action or function: a parameter of its flow. */
export interface ODataParameter {
  readonly name: string
  readonly type: EdmType
  readonly nullable: boolean
}

/** What a bound operation is bound to: one entity of a set (its `$input`), or the set. */
export interface ODataBinding {
  readonly set: ODataEntitySet
  readonly collection: boolean
  /** Name of the binding parameter, the first parameter in the metadata. */
  readonly parameter: string
}

/** An action or function bound to a flow: unbound (with its import), or bound to an entity set. */
export interface ODataOperation {
  readonly name: string
  readonly kind: 'action' | 'function'
  /** Unique in the service: the name of an unbound one, `Set/Name` of a bound one. */
  readonly key: string
  readonly binding?: ODataBinding
  /** `Module.Name` of the flow. */
  readonly flow: string
  readonly description?: string
  readonly parameters: readonly ODataParameter[]
  /** What it returns: entities of a set, a primitive value, or nothing. */
  readonly returns?: { readonly set?: ODataEntitySet; readonly type?: EdmType; readonly collection: boolean }
}

/** One published OData service, resolved against the model once at bind time. */
export interface ODataService {
  readonly name: string
  readonly version: string
  readonly description?: string
  /** Service root path, without a trailing slash. */
  readonly path: string
  readonly namespace: string
  readonly authentication: readonly AuthenticationKind[]
  readonly anonymousRoles: readonly string[]
  readonly maxPageSize: number
  readonly sets: readonly ODataEntitySet[]
  readonly set: ReadonlyMap<string, ODataEntitySet>
  readonly enumerations: readonly EnumerationModel[]
  /** Unbound actions and functions, by name in `operation`. */
  readonly operations: readonly ODataOperation[]
  readonly operation: ReadonlyMap<string, ODataOperation>
  /** Bound actions and functions of every set. */
  readonly bound: readonly ODataOperation[]
  /** Bound operations by set name, then by operation name. */
  readonly boundTo: ReadonlyMap<string, ReadonlyMap<string, ODataOperation>>
}

const PARAMETER_EDM: Readonly<Record<FlowParameterType, EdmType>> = {
  String: { name: 'Edm.String', wire: 'string' },
  Integer: { name: 'Edm.Int32', wire: 'int32' },
  Long: { name: 'Edm.Int64', wire: 'int64' },
  Decimal: { name: 'Edm.Decimal', wire: 'decimal' },
  Boolean: { name: 'Edm.Boolean', wire: 'boolean' },
  Date: { name: 'Edm.Date', wire: 'other' },
  DateTime: { name: 'Edm.DateTimeOffset', wire: 'other' },
}

type OperationDeclarations = Pick<ODataServiceDeclaration, 'actions' | 'functions'> | Pick<EntitySetDeclaration, 'actions' | 'functions'>

/**
 * The actions and functions of a declaration (the service's, or an entity set's bound ones)
 * whose flows exist; the checker reports the others.
 */
function buildOperations(body: OperationDeclarations, module: string, model: AppModel | undefined, set: ReadonlyMap<string, ODataEntitySet>, bound?: ODataEntitySet): ODataOperation[] {
  if (!model) return []
  const findFlow = flowIndex(model)
  const declared = [
    ...Object.entries(body.actions ?? {}).map(([name, d]) => ['action', name, d] as const),
    ...Object.entries(body.functions ?? {}).map(([name, d]) => ['function', name, d] as const),
  ]
  return declared.flatMap(([kind, name, d]): ODataOperation[] => {
    const flow = findFlow(d.flow, module)
    if (!flow) return []
    const r = d.returns
    const target = r?.entitySet ? set.get(r.entitySet) : undefined
    const returns = r && (target || r.type) ? { ...(target ? { set: target } : {}), ...(r.type && !target ? { type: PARAMETER_EDM[r.type] } : {}), collection: r.collection ?? false } : undefined
    const binding = bound ? bindingOf(bound, d as BoundOperationDeclaration) : undefined
    return [
      {
        name,
        kind,
        key: bound ? `${bound.name}/${name}` : name,
        ...(binding ? { binding } : {}),
        flow: flow.name,
        ...(d.description ?? flow.description ? { description: d.description ?? flow.description } : {}),
        parameters: flow.parameters.map((p) => ({ name: p.name, type: PARAMETER_EDM[p.type], nullable: !p.required })),
        ...(returns ? { returns } : {}),
      },
    ]
  })
}

function bindingOf(set: ODataEntitySet, d: BoundOperationDeclaration): ODataBinding {
  const parameter = d.bindingParameter ?? `${set.typeName.charAt(0).toLowerCase()}${set.typeName.slice(1)}`
  return { set, collection: d.binding === 'collection', parameter }
}

export const DEFAULT_PAGE_SIZE = 100
export const DEFAULT_MAX_PAGE_SIZE = 1000

/** Builds the service of a checked declaration; unknown names were reported by the checker rules. */
export function buildService(declaration: ExtensionModel, index: ModelIndex, model?: AppModel): ODataService {
  const body = declaration.body as unknown as ODataServiceDeclaration
  const namespace = body.namespace ?? declaration.module
  const declared = Object.entries(body.entitySets)
  const entityOf = (d: EntitySetDeclaration) => resolveEntity(index, d.entity, declaration.module)
  const setsOfEntity = new Map<string, string[]>()
  for (const [name, d] of declared) {
    const e = entityOf(d)
    if (e) setsOfEntity.set(e.qualifiedName, [...(setsOfEntity.get(e.qualifiedName) ?? []), name])
  }
  const sets: ODataEntitySet[] = []
  for (const [name, d] of declared) {
    const entity = entityOf(d)
    if (entity) sets.push(buildSet(name, d, entity, { index, namespace, setsOfEntity, defaultPageSize: body.pageSize ?? DEFAULT_PAGE_SIZE }))
  }
  const enumNames = new Set(sets.flatMap((s) => s.properties.flatMap((p) => (p.type.enumeration ? [p.type.enumeration] : []))))
  const setByName = new IdentifierMap(sets.map((s) => [s.name, s]))
  const operations = buildOperations(body, declaration.module, model, setByName)
  const boundTo = new Map(
    sets.map((s) => [s.name, new IdentifierMap(buildOperations(body.entitySets[s.name] ?? {}, declaration.module, model, setByName, s).map((o) => [o.name, o]))]),
  )
  return {
    name: body.name,
    version: body.version,
    ...(body.description ? { description: body.description } : {}),
    path: body.path.replace(/\/$/, ''),
    namespace,
    authentication: body.authentication,
    anonymousRoles: body.anonymousRoles ?? [],
    maxPageSize: body.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE,
    sets,
    set: setByName,
    enumerations: [...enumNames].flatMap((n) => index.enumeration(n) ?? []),
    operations,
    operation: new IdentifierMap(operations.map((o) => [o.name, o])),
    bound: [...boundTo.values()].flatMap((m) => [...m.values()]),
    boundTo,
  }
}

/** `Entity` in the declaring module, or `Module.Entity`. */
export function resolveEntity(index: ModelIndex, name: string, module: string): EntityModel | undefined {
  return index.entity(name.includes('.') ? name : `${module}.${name}`)
}

interface SetContext {
  readonly index: ModelIndex
  readonly namespace: string
  readonly setsOfEntity: ReadonlyMap<string, readonly string[]>
  readonly defaultPageSize: number
}

function buildSet(name: string, d: EntitySetDeclaration, entity: EntityModel, ctx: SetContext): ODataEntitySet {
  const properties = buildProperties(d, entity, ctx)
  const property = new IdentifierMap(properties.map((p) => [p.name, p]))
  const navigations = buildNavigations(d, entity, ctx)
  const key = (d.key ?? ['id']).flatMap((k) => property.get(k) ?? [])
  return {
    name,
    typeName: d.typeName ?? entity.name,
    entity,
    ...(d.description ?? entity.description ? { description: d.description ?? entity.description } : {}),
    properties,
    property,
    byMember: new Map(properties.map((p) => [p.member, p])),
    navigations,
    navigation: new IdentifierMap(navigations.map((n) => [n.name, n])),
    navigationByMember: new Map(navigations.map((n) => [n.navigation.name, n])),
    key,
    capabilities: capabilitiesOf(d.capabilities ?? {}, entity),
    pageSize: d.pageSize ?? ctx.defaultPageSize,
  }
}

function buildProperties(d: EntitySetDeclaration, entity: EntityModel, ctx: SetContext): ODataProperty[] {
  const exposure = buildExposure(entity, d.members, ctx.index)
  const keys = new Set(d.key ?? ['id'])
  return exposure.members.flatMap((m): ODataProperty[] => {
    const base = { name: m.external, member: m.member, ...(m.description ? { description: m.description } : {}) }
    if (m.kind === 'attribute') {
      const a = m.attribute
      const nullable = !(a.required || a.system || keys.has(m.external))
      return [{ ...base, kind: 'attribute', attribute: a, type: edmTypeOf(a, ctx.namespace), nullable, readOnly: m.readOnly }]
    }
    const nav = m.navigation
    if (!d.members || nav.direction !== 'forward' || nav.cardinality !== 'one') return []
    return [{ ...base, kind: 'reference', type: ID_TYPE, nullable: !nav.association.required, readOnly: m.readOnly }]
  })
}

function buildNavigations(d: EntitySetDeclaration, entity: EntityModel, ctx: SetContext): ODataNavigation[] {
  const declared: [string, Navigation | undefined, string | undefined][] = d.navigation
    ? Object.entries(d.navigation).map(([name, n]) => [name, ctx.index.navigation(entity, n.member ?? name), n.target])
    : ctx.index.navigations(entity).map((n) => {
        const targets = ctx.setsOfEntity.get(n.target.qualifiedName) ?? []
        return [n.name, n, targets.length === 1 ? targets[0] : undefined]
      })
  return declared.flatMap(([name, navigation, target]) => {
    if (!navigation || !target) return []
    const collection = navigation.cardinality === 'many'
    const nullable = !(navigation.direction === 'forward' && navigation.association.required)
    return [{ name, navigation, target, collection, nullable }]
  })
}

/** Declared capabilities over defaults: writes follow what the access rules grant at all. */
function capabilitiesOf(declared: Capabilities, entity: EntityModel): Required<Capabilities> {
  const grants = (op: 'create' | 'update' | 'delete') => entity.access.some((r) => r.allow.includes(op))
  const defaults: Required<Capabilities> = {
    insertable: grants('create'),
    updatable: grants('update'),
    deletable: grants('delete'),
    filterable: true,
    sortable: true,
    countable: true,
    expandable: true,
    topSkip: true,
    searchable: true,
    changeTracking: false,
  }
  return Object.fromEntries(CAPABILITY_NAMES.map((c) => [c, declared[c] ?? defaults[c]])) as Required<Capabilities>
}
