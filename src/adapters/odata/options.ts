import { FLOW_PARAMETER_TYPES, type FlowParameterType } from '../../flows/index.js'
import type { JsonSchema } from '../../model/index.js'
import type { AuthenticationKind } from '../http/authenticate.js'

/**
 * What an entity set allows; each defaults to true unless the model forbids it, except
 * `changeTracking` (delta links), which is asked for: it makes every write of the entity
 * also write a change-log row.
 */
export interface Capabilities {
  readonly insertable?: boolean
  readonly updatable?: boolean
  readonly deletable?: boolean
  readonly filterable?: boolean
  readonly sortable?: boolean
  readonly countable?: boolean
  readonly expandable?: boolean
  readonly topSkip?: boolean
  readonly searchable?: boolean
  readonly changeTracking?: boolean
}

export const CAPABILITY_NAMES: readonly (keyof Capabilities)[] = [
  'insertable',
  'updatable',
  'deletable',
  'filterable',
  'sortable',
  'countable',
  'expandable',
  'topSkip',
  'searchable',
  'changeTracking',
]

/** A member exposed as a structural property under an external name (same shape as REST's). */
export interface PropertyDeclaration {
  /** Attribute, or to-one association exposed as the referenced id (defaults to the external name). */
  readonly member?: string
  readonly readOnly?: boolean
  readonly description?: string
}

/** A navigation property: an association (or its inverse) leading to another set of the service. */
export interface NavigationDeclaration {
  /** Association or inverse name on the entity (defaults to the navigation's name). */
  readonly member?: string
  /** The entity set of this service the navigation leads to. */
  readonly target: string
}

export interface EntitySetDeclaration {
  /** Entity, or Module.Entity from another module. */
  readonly entity: string
  readonly description?: string
  /** Entity type name in the namespace (default: the entity's name). */
  readonly typeName?: string
  /** External names of the key properties (default `[id]`). */
  readonly key?: readonly string[]
  /** External name → member; the entity's attributes (with id and timestamps) when absent. */
  readonly members?: Readonly<Record<string, PropertyDeclaration | null>>
  /** Navigation name → association; every association whose target is exposed once when absent. */
  readonly navigation?: Readonly<Record<string, NavigationDeclaration>>
  readonly capabilities?: Capabilities
  /** Server-driven page size of this set (default: the service's). */
  readonly pageSize?: number
  /** Actions bound to this set's entities (`POST Orders(1)/Sales.Cancel`) or to the set itself. */
  readonly actions?: Readonly<Record<string, BoundOperationDeclaration>>
  /** Functions bound to this set's entities (`GET Customers(1)/Sales.RecentOrders()`) or to the set itself. */
  readonly functions?: Readonly<Record<string, BoundOperationDeclaration>>
}

export interface ODataServiceDeclaration {
  readonly kind: 'odata'
  readonly name: string
  /** Semantic version of the contract; its major version is in the path. */
  readonly version: string
  readonly description?: string
  /** Service root, with the major version: `/odata/shop/v1`. */
  readonly path: string
  /** CSDL namespace (default: the module's name, CONTRACT-RULES G11). */
  readonly namespace?: string
  readonly authentication: readonly AuthenticationKind[]
  /** Roles of callers without credentials when `none` is accepted. */
  readonly anonymousRoles?: readonly string[]
  /** Default server-driven page size (default 100). */
  readonly pageSize?: number
  /** Largest page a client may ask for with `Prefer: maxpagesize` (default 1000). */
  readonly maxPageSize?: number
  readonly entitySets: Readonly<Record<string, EntitySetDeclaration>>
  /** Unbound actions (POST, may change data), each bound to a flow; its parameters are the flow's. */
  readonly actions?: Readonly<Record<string, OperationImportDeclaration>>
  /** Unbound functions (GET, no side effects), each bound to a flow; its parameters are the flow's. */
  readonly functions?: Readonly<Record<string, OperationImportDeclaration>>
}

/** What an action or function returns: entities of a set of this service, or a primitive value. */
export interface ReturnsDeclaration {
  readonly entitySet?: string
  readonly type?: FlowParameterType
  readonly collection?: boolean
}

/** An action or function import bound to a flow (trigger kind operation). */
export interface OperationImportDeclaration {
  readonly flow: string
  readonly description?: string
  /** Nothing (204) when absent. */
  readonly returns?: ReturnsDeclaration
}

/**
 * An action or function bound to an entity set: to one of its entities (the flow's `$input`
 * is that entity, as the caller reads it) or to the set as a whole (the flow gets no input).
 */
export interface BoundOperationDeclaration extends OperationImportDeclaration {
  /** `entity` (default) or `collection`. */
  readonly binding?: 'entity' | 'collection'
  /** Name of the binding parameter in the metadata (default: the entity type's name, lower camel case). */
  readonly bindingParameter?: string
}

const IDENTIFIER = '^[A-Za-z_][A-Za-z0-9_]{0,127}$'

const operationImport = {
  type: 'object',
  additionalProperties: false,
  required: ['flow'],
  properties: {
    flow: { type: 'string', description: 'The flow it runs: Name in this module or Module.Name (trigger kind operation); its parameters are the operation’s.' },
    description: { type: 'string' },
    returns: {
      type: 'object',
      additionalProperties: false,
      description: 'entitySet: entities of a set of this service; type: a primitive value; collection: a list. Nothing (204) when absent.',
      properties: {
        entitySet: { type: 'string' },
        type: { enum: FLOW_PARAMETER_TYPES },
        collection: { type: 'boolean' },
      },
    },
  },
}

const boundOperation = {
  ...operationImport,
  properties: {
    ...operationImport.properties,
    binding: { enum: ['entity', 'collection'], description: 'entity (default): bound to one entity of the set, which the flow receives as $input; collection: bound to the set, the flow gets no input.' },
    bindingParameter: { type: 'string', pattern: IDENTIFIER, description: 'Name of the binding parameter in the metadata (default: the entity type name in lower camel case).' },
  },
}

const property = {
  anyOf: [
    { type: 'null' },
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        member: { type: 'string', description: 'Attribute, or to-one association exposed as the referenced id; defaults to the external name.' },
        readOnly: { type: 'boolean' },
        description: { type: 'string' },
      },
    },
  ],
}

const navigation = {
  type: 'object',
  additionalProperties: false,
  required: ['target'],
  properties: {
    member: { type: 'string', description: 'Association or inverse name; defaults to the navigation name.' },
    target: { type: 'string', description: 'The entity set of this service it leads to.' },
  },
}

const capabilities = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(CAPABILITY_NAMES.map((name) => [name, { type: 'boolean' }])),
}

const entitySet = {
  type: 'object',
  additionalProperties: false,
  required: ['entity'],
  properties: {
    entity: { type: 'string', description: 'Entity, or Module.Entity from another module.' },
    description: { type: 'string' },
    typeName: { type: 'string', pattern: IDENTIFIER, description: 'Entity type name (default: the entity name).' },
    key: { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true, description: 'Key properties (external names); default [id].' },
    members: { type: 'object', propertyNames: { pattern: IDENTIFIER }, additionalProperties: property, description: 'External name → member.' },
    navigation: { type: 'object', propertyNames: { pattern: IDENTIFIER }, additionalProperties: navigation },
    capabilities,
    pageSize: { type: 'integer', minimum: 1 },
    actions: { type: 'object', propertyNames: { pattern: IDENTIFIER }, additionalProperties: boundOperation, description: 'Bound actions (POST Set(key)/Namespace.Name).' },
    functions: { type: 'object', propertyNames: { pattern: IDENTIFIER }, additionalProperties: boundOperation, description: 'Bound functions (GET Set(key)/Namespace.Name(…)).' },
  },
}

/** JSON Schema of a `kind: odata` service declaration. */
export const odataServiceSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'name', 'version', 'path', 'authentication', 'entitySets'],
  properties: {
    kind: { const: 'odata' },
    name: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
    version: { type: 'string', description: 'Semantic version of the contract (MAJOR.MINOR.PATCH).' },
    description: { type: 'string' },
    path: { type: 'string', pattern: '^(/[a-z0-9][a-z0-9._-]*)+$', description: 'Service root, e.g. /odata/shop/v1.' },
    namespace: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$' },
    authentication: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['none', 'apiKey', 'basic', 'jwt'] } },
    anonymousRoles: { type: 'array', items: { type: 'string' }, uniqueItems: true },
    pageSize: { type: 'integer', minimum: 1 },
    maxPageSize: { type: 'integer', minimum: 1 },
    entitySets: { type: 'object', propertyNames: { pattern: IDENTIFIER }, additionalProperties: entitySet, minProperties: 1 },
    actions: { type: 'object', propertyNames: { pattern: IDENTIFIER }, additionalProperties: operationImport },
    functions: { type: 'object', propertyNames: { pattern: IDENTIFIER }, additionalProperties: operationImport },
  },
}

/** Limits of the adapter, from `adapters.odata` in the runtime configuration. */
export interface ODataLimits {
  /** Largest `$top` (default 1000). */
  readonly maxTop: number
  /** Largest number of requests in one `$batch` (default 100). */
  readonly maxBatchParts: number
  /** Longest request URL in characters (default 8000). */
  readonly maxUrlLength: number
  /** What `$levels=max` means (default 4; the query engine's maxExpandDepth still applies). */
  readonly maxLevels: number
  /** Asynchronous requests a service holds at once, running or with a result not yet fetched (default 100). */
  readonly maxAsyncRequests: number
  /** The same, for one principal (default 10). */
  readonly maxAsyncRequestsPerPrincipal: number
  /** Seconds a finished asynchronous request keeps its result for its owner to fetch (default 600). */
  readonly asyncRetention: number
  /** Days the change log keeps changes; an older delta link answers 410 (default 7). */
  readonly changeRetentionDays: number
}

export const DEFAULT_ODATA_LIMITS: ODataLimits = Object.freeze({
  maxTop: 1000,
  maxBatchParts: 100,
  maxUrlLength: 8000,
  maxLevels: 4,
  maxAsyncRequests: 100,
  maxAsyncRequestsPerPrincipal: 10,
  asyncRetention: 600,
  changeRetentionDays: 7,
})

/** Reads the adapter's limits from its configuration section; unknown or bad values keep the defaults. */
export function odataLimits(config: Readonly<Record<string, unknown>>): ODataLimits {
  const pick = (name: keyof ODataLimits): number => {
    const value = config[name]
    return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : DEFAULT_ODATA_LIMITS[name]
  }
  const names = Object.keys(DEFAULT_ODATA_LIMITS) as (keyof ODataLimits)[]
  return Object.freeze(Object.fromEntries(names.map((name) => [name, pick(name)])) as unknown as ODataLimits)
}
