import type { JsonSchema } from '../../model/index.js'

/** The operations an entity resource can switch on. */
export type ResourceOperation = 'list' | 'get' | 'create' | 'replace' | 'patch' | 'delete'
export const RESOURCE_OPERATIONS: readonly ResourceOperation[] = ['list', 'get', 'create', 'replace', 'patch', 'delete']

export type AuthenticationKind = 'none' | 'apiKey' | 'basic' | 'jwt'

/** A member of an entity exposed on the wire under an external name. */
export interface ExposedMemberDeclaration {
  /** The attribute or association of the entity (defaults to the external name). */
  readonly member?: string
  readonly description?: string
  /** Refuse it in requests even though the model lets it be written. */
  readonly readOnly?: boolean
  /**
   * For associations: `id` (default) exposes the referenced object's id (a list of ids for
   * collections); `embed` nests the referenced objects as the target resource shows them.
   */
  readonly as?: 'id' | 'embed'
}

export interface Deprecation {
  /** The day it was deprecated (`Deprecation` header, RFC 9745). */
  readonly since?: string
  /** The day after which the operation may be removed (`Sunset` header, RFC 8594). */
  readonly sunset?: string
  /** Where clients should move (a `Link` with rel=successor-version). */
  readonly successor?: string
  readonly description?: string
}

export interface ResourceDeclaration {
  readonly entity: string
  readonly description?: string
  /** Member used in the item path (`/products/{sku}`): `id` or a unique attribute. */
  readonly key?: string
  readonly operations?: readonly ResourceOperation[]
  /** External name → member; every member of the entity (with its own name) when absent. */
  readonly members?: Readonly<Record<string, ExposedMemberDeclaration | null>>
  /** External names usable as filters in list; every exposed scalar when absent. */
  readonly filter?: readonly string[]
  /** External names usable in `sort`; every exposed scalar when absent. */
  readonly sort?: readonly string[]
  readonly deprecated?: boolean | Deprecation
}

/** A parameter of a custom operation: where it is on the wire, and the flow parameter it gives. */
export interface OperationParameterDeclaration {
  readonly in: 'path' | 'query' | 'header'
  /** The flow parameter it gives (defaults to the wire name); its type is the flow parameter's. */
  readonly parameter?: string
  readonly description?: string
}

export type OperationMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * A custom operation: method and path template bound to a flow; path, query and header
 * parameters give the flow's parameters, the request body is read by an import mapping into
 * `$input`, the flow's result written by an export mapping.
 */
export interface OperationDeclaration {
  readonly method: OperationMethod
  /** Below the base path, with `{name}` for path parameters: `/orders/{number}/cancel`. */
  readonly path: string
  readonly summary?: string
  readonly description?: string
  readonly flow: string
  /** Wire name → where and which flow parameter. */
  readonly parameters?: Readonly<Record<string, OperationParameterDeclaration>>
  /** A JSON import mapping that reads the body; `required` (default true) refuses a request without one. */
  readonly request?: { readonly mapping: string; readonly required?: boolean }
  /** `status` (default 200, or 204 without a body), a JSON export mapping for the result, `list` for a list of objects. */
  readonly response?: { readonly mapping?: string; readonly status?: number; readonly list?: boolean; readonly description?: string }
  readonly deprecated?: boolean | Deprecation
}

export interface CorsDeclaration {
  readonly origins: readonly string[]
  readonly methods?: readonly string[]
  readonly headers?: readonly string[]
  readonly exposeHeaders?: readonly string[]
  readonly credentials?: boolean
  readonly maxAge?: number
}

export interface RestServiceDeclaration {
  readonly kind: 'rest'
  readonly name: string
  readonly version: string
  readonly description?: string
  /** Base path, with the major version: `/rest/shop/v1`. */
  readonly path: string
  /** Accepted ways to authenticate; `[none]` must be explicit (the checker warns). */
  readonly authentication: readonly AuthenticationKind[]
  /** Roles of callers without credentials, when `none` is accepted (default: no roles, so denied). */
  readonly anonymousRoles?: readonly string[]
  readonly cors?: CorsDeclaration
  /** Requests per client per window; 429 with Retry-After beyond. */
  readonly rateLimit?: { readonly requests: number; readonly perSeconds: number }
  readonly pageSize?: { readonly default?: number; readonly max?: number }
  /** Largest request body in bytes (default: the runtime's). */
  readonly bodyLimit?: number
  readonly deprecated?: boolean | Deprecation
  readonly resources?: Readonly<Record<string, ResourceDeclaration>>
  /** Custom operations bound to flows, by operation id. */
  readonly operations?: Readonly<Record<string, OperationDeclaration>>
}

const deprecation = {
  anyOf: [
    { type: 'boolean' },
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        since: { type: 'string', format: 'date', description: 'YYYY-MM-DD it was deprecated.' },
        sunset: { type: 'string', format: 'date', description: 'YYYY-MM-DD after which it may be removed.' },
        successor: { type: 'string' },
        description: { type: 'string' },
      },
    },
  ],
}

const member = {
  anyOf: [
    { type: 'null' },
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        member: { type: 'string', description: 'Attribute or association name; defaults to the external name.' },
        description: { type: 'string' },
        readOnly: { type: 'boolean' },
        as: { enum: ['id', 'embed'], description: 'For associations: the id(s) (default) or the embedded object(s).' },
      },
    },
  ],
}

const resource = {
  type: 'object',
  additionalProperties: false,
  required: ['entity'],
  properties: {
    entity: { type: 'string', description: 'Entity, or Module.Entity from another module.' },
    description: { type: 'string' },
    key: { type: 'string', description: 'id (default) or a unique attribute, used in item paths.' },
    operations: { type: 'array', items: { enum: RESOURCE_OPERATIONS }, uniqueItems: true },
    members: { type: 'object', additionalProperties: member, description: 'External name → member.' },
    filter: { type: 'array', items: { type: 'string' } },
    sort: { type: 'array', items: { type: 'string' } },
    deprecated: deprecation,
  },
}

const operation = {
  type: 'object',
  additionalProperties: false,
  required: ['method', 'path', 'flow'],
  properties: {
    method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
    path: { type: 'string', pattern: '^(/([a-z0-9][a-z0-9._-]*|\\{[A-Za-z][A-Za-z0-9_]*\\}))+$', description: 'Below the base path; {name} for a path parameter: /orders/{number}/cancel.' },
    summary: { type: 'string' },
    description: { type: 'string' },
    flow: { type: 'string', description: 'The flow it runs: Name in this module or Module.Name (trigger kind operation).' },
    parameters: {
      type: 'object',
      description: 'Wire name → where it is and the flow parameter it gives (its type is the flow parameter’s).',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['in'],
        properties: {
          in: { enum: ['path', 'query', 'header'] },
          parameter: { type: 'string', description: 'The flow parameter (defaults to the wire name).' },
          description: { type: 'string' },
        },
      },
    },
    request: {
      type: 'object',
      additionalProperties: false,
      required: ['mapping'],
      properties: { mapping: { type: 'string', description: 'A JSON import mapping: the body becomes $input.' }, required: { type: 'boolean' } },
    },
    response: {
      type: 'object',
      additionalProperties: false,
      properties: {
        mapping: { type: 'string', description: 'A JSON export mapping that writes the flow’s result.' },
        status: { enum: [200, 201, 202, 204] },
        list: { type: 'boolean', description: 'The result is a list of objects.' },
        description: { type: 'string' },
      },
    },
    deprecated: deprecation,
  },
}

/** JSON Schema of a `kind: rest` service declaration. */
export const restServiceSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'name', 'version', 'path', 'authentication'],
  anyOf: [{ required: ['resources'] }, { required: ['operations'] }],
  properties: {
    kind: { const: 'rest' },
    name: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
    version: { type: 'string', description: 'Semantic version of the contract (MAJOR.MINOR.PATCH).' },
    description: { type: 'string' },
    path: { type: 'string', pattern: '^(/[a-z0-9][a-z0-9._-]*)+$', description: 'Base path, e.g. /rest/shop/v1.' },
    authentication: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { enum: ['none', 'apiKey', 'basic', 'jwt'] },
    },
    anonymousRoles: { type: 'array', items: { type: 'string' }, description: 'Roles of callers without credentials (with authentication none).' },
    cors: {
      type: 'object',
      additionalProperties: false,
      required: ['origins'],
      properties: {
        origins: { type: 'array', items: { type: 'string' }, minItems: 1 },
        methods: { type: 'array', items: { type: 'string' } },
        headers: { type: 'array', items: { type: 'string' } },
        exposeHeaders: { type: 'array', items: { type: 'string' } },
        credentials: { type: 'boolean' },
        maxAge: { type: 'integer', minimum: 0 },
      },
    },
    rateLimit: {
      type: 'object',
      additionalProperties: false,
      required: ['requests', 'perSeconds'],
      properties: { requests: { type: 'integer', minimum: 1 }, perSeconds: { type: 'integer', minimum: 1 } },
    },
    pageSize: {
      type: 'object',
      additionalProperties: false,
      properties: { default: { type: 'integer', minimum: 1 }, max: { type: 'integer', minimum: 1 } },
    },
    bodyLimit: { type: 'integer', minimum: 1024 },
    deprecated: deprecation,
    resources: { type: 'object', additionalProperties: resource, minProperties: 1 },
    operations: { type: 'object', additionalProperties: operation, minProperties: 1, propertyNames: { pattern: '^[a-z][A-Za-z0-9]*$' } },
  },
}
