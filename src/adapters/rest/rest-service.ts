import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import type { FlowParameter } from '../../flows/index.js'
import type { MappingRegistry } from '../../mapping/index.js'
import type { AppModel, EntityModel, ExtensionModel, ModelIndex } from '../../model/index.js'
import { compileBinding, type CompiledBinding } from '../operations/bound-operation.js'
import { operationErrors } from '../operations/errors.js'
import { buildExposure, isScalar, type ExposedAttribute, type ExposedMember, type ExposedNavigation, type Exposure } from '../exposure.js'
import { resourceSchema, type Schema } from './json-schema.js'
import {
  RESOURCE_OPERATIONS,
  type Deprecation,
  type OperationDeclaration,
  type OperationMethod,
  type ResourceDeclaration,
  type ResourceOperation,
  type RestServiceDeclaration,
} from './options.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020

export const DEFAULT_PAGE_SIZE = 20
export const DEFAULT_MAX_PAGE_SIZE = 100

/** One entity resource, ready to serve: exposure, key, allowed operations and compiled validators. */
export interface CompiledResource {
  /** The name in the path (`products`). */
  readonly name: string
  readonly entity: EntityModel
  readonly exposure: Exposure
  /** The member in item paths: `id` or a unique attribute. */
  readonly key: ExposedAttribute
  readonly operations: ReadonlySet<ResourceOperation>
  readonly filterable: ReadonlyMap<string, ExposedMember>
  readonly sortable: ReadonlyMap<string, ExposedMember>
  readonly deprecation?: Deprecation
  /** Component name in the OpenAPI document (`Product`). */
  readonly schemaName: string
  readonly schemas: { readonly response: Schema; readonly create: Schema; readonly patch: Schema }
  readonly validateCreate: ValidateFunction
  readonly validatePatch: ValidateFunction
}

/** A custom operation, ready to serve: its route, its flow binding and its parameters. */
export interface CompiledOperation {
  /** The operation id (`placeOrder`). */
  readonly name: string
  readonly declaration: OperationDeclaration
  readonly method: OperationMethod
  /** OpenAPI form, below the base path: `/orders/{number}/cancel`. */
  readonly path: string
  /** fastify form: `/orders/:number/cancel`. */
  readonly route: string
  readonly binding: CompiledBinding
  /** Wire parameters with the flow parameter each gives. */
  readonly parameters: readonly { readonly wire: string; readonly in: 'path' | 'query' | 'header'; readonly flow: FlowParameter; readonly description?: string }[]
  /** 200 by default; 204 when the operation declares no response body. */
  readonly status: number
  readonly deprecation?: Deprecation
}

/** A REST service declaration compiled once at startup. */
export interface CompiledService {
  readonly declaration: RestServiceDeclaration
  readonly name: string
  readonly version: string
  readonly basePath: string
  readonly resources: readonly CompiledResource[]
  readonly operations: readonly CompiledOperation[]
  readonly pageSize: { readonly default: number; readonly max: number }
  readonly deprecation?: Deprecation
  /** The resource that serves an entity, for embedded references. */
  resourceOf(entity: EntityModel): CompiledResource | undefined
}

/**
 * Compiles a checked declaration: exposures, keys, filter and sort members, and the JSON
 * Schemas and validators of its requests. Assumes the checker found no errors.
 */
export function compileRestService(extension: ExtensionModel, index: ModelIndex, bindings?: { readonly model: AppModel; readonly mappings: MappingRegistry }): CompiledService {
  const declaration = extension.body as unknown as RestServiceDeclaration
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false, multipleOfPrecision: 9 }))
  const entries = Object.entries(declaration.resources ?? {})
  const entityCount = new Map<string, number>()
  for (const [, r] of entries) entityCount.set(qualified(r.entity, extension.module), (entityCount.get(qualified(r.entity, extension.module)) ?? 0) + 1)
  const partial = entries.map(([name, r]) => resourceBasics(name, r, extension.module, index, entityCount))
  const byEntity = new Map(partial.map((r) => [r.entity.qualifiedName, r]))
  const embedRef = (m: ExposedNavigation): string | undefined => {
    const target = byEntity.get(m.navigation.target.qualifiedName)
    return target ? `#/components/schemas/${target.schemaName}` : undefined
  }
  const resources: CompiledResource[] = partial.map((r) => {
    const schemas = {
      response: resourceSchema(r.exposure, index, 'response', embedRef),
      create: resourceSchema(r.exposure, index, 'create', embedRef),
      patch: resourceSchema(r.exposure, index, 'patch', embedRef),
    }
    return { ...r, schemas, validateCreate: ajv.compile(schemas.create), validatePatch: ajv.compile(schemas.patch) }
  })
  const compiled = new Map(resources.map((r) => [r.entity.qualifiedName, r]))
  return {
    declaration,
    name: declaration.name,
    version: declaration.version,
    basePath: declaration.path,
    resources,
    operations: bindings ? Object.entries(declaration.operations ?? {}).map(([name, o]) => compileOperation(name, o, extension.module, bindings)) : [],
    pageSize: {
      default: declaration.pageSize?.default ?? DEFAULT_PAGE_SIZE,
      max: declaration.pageSize?.max ?? Math.max(DEFAULT_MAX_PAGE_SIZE, declaration.pageSize?.default ?? 0),
    },
    ...deprecationOf(declaration.deprecated),
    resourceOf: (entity) => compiled.get(entity.qualifiedName),
  }
}

/** The path of one object of a resource: `/rest/shop/v1/orders/SO-0001`. */
export function itemPath(service: CompiledService, resource: CompiledResource, key: string | number): string {
  return `${service.basePath}/${resource.name}/${encodeURIComponent(String(key))}`
}

function compileOperation(name: string, o: OperationDeclaration, module: string, bindings: { readonly model: AppModel; readonly mappings: MappingRegistry }): CompiledOperation {
  const binding = compileBinding(o, module, bindings.model, bindings.mappings)
  const parameters = Object.entries(o.parameters ?? {}).map(([wire, p]) => {
    const flow = binding.parameters.get(p.parameter ?? wire)
    if (!flow) throw operationErrors.create('OPERATION_NOT_BOUND', `operation ${name}: flow ${binding.flowName} has no parameter ${p.parameter ?? wire} (run portico check)`)
    return { wire, in: p.in, flow, ...(p.description ? { description: p.description } : {}) }
  })
  return {
    name,
    declaration: o,
    method: o.method,
    path: o.path,
    route: o.path.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, ':$1'),
    binding,
    parameters,
    status: o.response?.status ?? (o.response ? 200 : 204),
    ...deprecationOf(o.deprecated),
  }
}

type ResourceBasics = Omit<CompiledResource, 'schemas' | 'validateCreate' | 'validatePatch'>

function resourceBasics(
  name: string,
  r: ResourceDeclaration,
  module: string,
  index: ModelIndex,
  entityCount: ReadonlyMap<string, number>,
): ResourceBasics {
  const entity = index.requireEntity(qualified(r.entity, module))
  const exposure = buildExposure(entity, r.members, index)
  const keyMember = r.key ?? 'id'
  const key = (exposure.byMember.get(keyMember) ?? exposure.byMember.get('id')) as ExposedAttribute
  const scalars = exposure.members.filter(isScalar)
  const pick = (names: readonly string[] | undefined) =>
    new Map((names ? scalars.filter((m) => names.includes(m.external)) : scalars).map((m) => [m.external, m]))
  return {
    name,
    entity,
    exposure,
    key,
    operations: new Set(r.operations ?? RESOURCE_OPERATIONS),
    filterable: pick(r.filter),
    sortable: pick(r.sort),
    ...deprecationOf(r.deprecated),
    schemaName: (entityCount.get(entity.qualifiedName) ?? 0) > 1 ? pascal(name) : entity.name,
  }
}

function deprecationOf(d: boolean | Deprecation | undefined): { deprecation?: Deprecation } {
  if (d === undefined || d === false) return {}
  return { deprecation: d === true ? {} : d }
}

function qualified(name: string, module: string): string {
  return name.includes('.') ? name : `${module}.${name}`
}

function pascal(name: string): string {
  return name.replace(/(^|[-_\s])([a-z])/g, (_, __, c: string) => c.toUpperCase())
}
