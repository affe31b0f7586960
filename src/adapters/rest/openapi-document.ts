import type { ModelIndex } from '../../model/index.js'
import type { ExposedMember } from '../exposure.js'
import { attributeSchema, type Schema } from './json-schema.js'
import { FILTER_OPERATORS, operatorsFor } from './list-query.js'
import type { CompiledOperation, CompiledResource, CompiledService } from './rest-service.js'
import type { FlowParameterType } from '../../flows/index.js'
import type { CompiledMapping } from '../../mapping/index.js'
import { mappingSchema } from '../operations/mapping-schema.js'

/** An OpenAPI 3.1 document as plain data. */
export type OpenApiDocument = Record<string, unknown>

const SECURITY_SCHEMES: Record<string, Schema> = {
  apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key (ptk_…) issued by the runtime.' },
  basic: { type: 'http', scheme: 'basic', description: 'An app user name and password.' },
  jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A JWT from the configured issuer.' },
}

const PROBLEM = { $ref: '#/components/responses/Problem' }

/**
 * The OpenAPI 3.1 document of a REST service version, generated from the model by the
 * contract rules: schemas per resource and use, every parameter of list, every response
 * including errors (problem+json), security schemes, deprecation.
 */
export function openApiDocument(service: CompiledService, index: ModelIndex): OpenApiDocument {
  const d = service.declaration
  const kinds = d.authentication.filter((k) => k !== 'none')
  const schemas: Record<string, Schema> = { Problem: problemSchema(), FieldProblem: fieldProblemSchema() }
  const paths: Record<string, unknown> = {}
  for (const r of service.resources) {
    schemas[r.schemaName] = { ...r.schemas.response, ...(r.entity.description ? { description: r.entity.description } : {}) }
    if (r.operations.has('create') || r.operations.has('replace')) schemas[`${r.schemaName}Create`] = r.schemas.create
    if (r.operations.has('patch')) schemas[`${r.schemaName}Patch`] = r.schemas.patch
    if (r.operations.has('list')) schemas[`${r.schemaName}List`] = listSchema(r)
    Object.assign(paths, resourcePaths(r, service, index))
  }
  for (const o of service.operations) {
    const item = (paths[o.path] ?? {}) as Record<string, unknown>
    item[o.method.toLowerCase()] = operationObject(o, service, index, schemas)
    paths[o.path] = item
  }
  return {
    openapi: '3.1.0',
    info: {
      title: d.name,
      version: d.version,
      ...(d.description ? { description: d.description } : {}),
      ...(service.deprecation ? { 'x-deprecated': true, ...(service.deprecation.sunset ? { 'x-sunset': service.deprecation.sunset } : {}) } : {}),
    },
    servers: [{ url: service.basePath }],
    ...(kinds.length > 0 ? { security: [...kinds.map((k) => ({ [k]: [] })), ...(d.authentication.includes('none') ? [{}] : [])] } : {}),
    paths,
    components: {
      schemas,
      responses: { Problem: { description: 'An error (RFC 9457 problem details).', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } } },
      ...(kinds.length > 0 ? { securitySchemes: Object.fromEntries(kinds.map((k) => [k, SECURITY_SCHEMES[k]])) } : {}),
    },
  }
}

function resourcePaths(r: CompiledResource, service: CompiledService, index: ModelIndex): Record<string, unknown> {
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
  const deprecated = r.deprecation || service.deprecation ? { deprecated: true } : {}
  const json = (schema: Schema) => ({ 'application/json': { schema } })
  const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), PROBLEM]))
  const etag = { ETag: { description: 'The version of the object, for If-Match.', schema: { type: 'string' } } }
  const keyParam = { name: 'key', in: 'path', required: true, description: `The ${r.key.external} of the object.`, schema: attributeSchema(r.key.attribute, index, 'response') }
  const ifMatch = { name: 'If-Match', in: 'header', required: false, description: 'Only change the object if its ETag is one of these.', schema: { type: 'string' } }
  const single = pascalSingular(r)
  const collection: Record<string, unknown> = {}
  const item: Record<string, unknown> = { parameters: [keyParam] }
  if (r.operations.has('list')) {
    collection.get = {
      operationId: `list${pascal(r.name)}`,
      summary: `List ${r.name}`,
      parameters: listParameters(r, service, index),
      responses: { '200': { description: 'A page of objects.', headers: { Link: { description: 'rel="next" to the next page.', schema: { type: 'string' } } }, content: json(ref(`${r.schemaName}List`)) }, ...errors(400, 401, 403, 429, 500) },
      ...deprecated,
    }
  }
  if (r.operations.has('create')) {
    collection.post = {
      operationId: `create${single}`,
      summary: `Create one of ${r.name}`,
      requestBody: { required: true, content: json(ref(`${r.schemaName}Create`)) },
      responses: { '201': { description: 'Created.', headers: { Location: { schema: { type: 'string' } }, ...etag }, content: json(ref(r.schemaName)) }, ...errors(400, 401, 403, 409, 413, 415, 422, 429, 500) },
      ...deprecated,
    }
  }
  if (r.operations.has('get')) {
    item.get = {
      operationId: `get${single}`,
      summary: `Read one of ${r.name}`,
      parameters: [{ name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } }],
      responses: { '200': { description: 'The object.', headers: etag, content: json(ref(r.schemaName)) }, '304': { description: 'Not modified.' }, ...errors(401, 403, 404, 429, 500) },
      ...deprecated,
    }
  }
  if (r.operations.has('replace')) {
    item.put = {
      operationId: `replace${single}`,
      summary: `Replace one of ${r.name}: members left out get their default or null`,
      parameters: [ifMatch],
      requestBody: { required: true, content: json(ref(`${r.schemaName}Create`)) },
      responses: { '200': { description: 'The replaced object.', headers: etag, content: json(ref(r.schemaName)) }, ...errors(400, 401, 403, 404, 409, 412, 413, 415, 422, 429, 500) },
      ...deprecated,
    }
  }
  if (r.operations.has('patch')) {
    item.patch = {
      operationId: `patch${single}`,
      summary: `Change some members of one of ${r.name} (JSON Merge Patch)`,
      parameters: [ifMatch],
      requestBody: { required: true, content: { 'application/merge-patch+json': { schema: ref(`${r.schemaName}Patch`) }, ...json(ref(`${r.schemaName}Patch`)) } },
      responses: { '200': { description: 'The changed object.', headers: etag, content: json(ref(r.schemaName)) }, ...errors(400, 401, 403, 404, 409, 412, 413, 415, 422, 429, 500) },
      ...deprecated,
    }
  }
  if (r.operations.has('delete')) {
    item.delete = {
      operationId: `delete${single}`,
      summary: `Delete one of ${r.name}`,
      parameters: [ifMatch],
      responses: { '204': { description: 'Deleted.' }, ...errors(401, 403, 404, 409, 412, 429, 500) },
      ...deprecated,
    }
  }
  const out: Record<string, unknown> = {}
  if (Object.keys(collection).length > 0) out[`/${r.name}`] = collection
  if (Object.keys(item).length > 1) out[`/${r.name}/{key}`] = item
  return out
}

const PARAMETER_SCHEMAS: Readonly<Record<FlowParameterType, Schema>> = {
  String: { type: 'string' },
  Integer: { type: 'integer', format: 'int32' },
  Long: { type: 'integer', format: 'int64' },
  Decimal: { type: 'number' },
  Boolean: { type: 'boolean' },
  Date: { type: 'string', format: 'date' },
  DateTime: { type: 'string', format: 'date-time' },
}

/** A custom operation: its parameters typed as the flow's, bodies from its mappings, every error response. */
function operationObject(o: CompiledOperation, service: CompiledService, index: ModelIndex, schemas: Record<string, Schema>): Schema {
  const component = (mapping: CompiledMapping, use: 'request' | 'response'): Schema => {
    const name = pascal(mapping.declaration.name)
    if (!schemas[name]) schemas[name] = mappingSchema(mapping, index, use)
    return { $ref: `#/components/schemas/${name}` }
  }
  const d = o.declaration
  const b = o.binding
  const errors = [400, 401, 403, 404, 409, ...(b.request ? [413, 415] : []), 422, 429, 500]
  const responseSchema = b.response ? (b.list ? { type: 'array', items: component(b.response, 'response') } : component(b.response, 'response')) : {}
  const success =
    o.status === 204
      ? { description: d.response?.description ?? 'Done; no content.' }
      : {
          description: d.response?.description ?? 'The result of the operation.',
          ...(o.status === 201 ? { headers: { Location: { description: 'Where the created object is served, when a resource of this service serves it.', schema: { type: 'string' } } } } : {}),
          content: { 'application/json': { schema: responseSchema } },
        }
  return {
    operationId: o.name,
    ...(d.summary ? { summary: d.summary } : {}),
    ...(d.description ?? b.flow.description ? { description: d.description ?? b.flow.description } : {}),
    ...(o.parameters.length > 0
      ? {
          parameters: o.parameters.map((p) => ({
            name: p.wire,
            in: p.in,
            required: p.in === 'path' || p.flow.required,
            ...(p.description ? { description: p.description } : {}),
            schema: PARAMETER_SCHEMAS[p.flow.type],
          })),
        }
      : {}),
    ...(b.request ? { requestBody: { required: b.requestRequired, content: { 'application/json': { schema: component(b.request, 'request') } } } } : {}),
    responses: { [String(o.status)]: success, ...Object.fromEntries(errors.map((c) => [String(c), PROBLEM])) },
    ...(o.deprecation || service.deprecation ? { deprecated: true } : {}),
  }
}

function listParameters(r: CompiledResource, service: CompiledService, index: ModelIndex): Schema[] {
  const params: Schema[] = []
  for (const m of r.filterable.values()) {
    const value = memberValueSchema(m, index)
    for (const op of operatorsFor(m)) {
      const name = op === 'eq' ? m.external : `${m.external}.${op}`
      const schema = op === 'in' ? { type: 'array', items: value } : op === 'null' ? { type: 'boolean' } : value
      params.push({ name, in: 'query', required: false, description: filterDescription(m.external, op), schema, ...(op === 'in' ? { style: 'form', explode: false } : {}) })
    }
  }
  const sortable = [...r.sortable.keys()]
  const fields = [...r.exposure.byExternal.keys()]
  params.push(
    { name: 'sort', in: 'query', required: false, description: 'Sort keys, `-` for descending, e.g. `name,-price`.', style: 'form', explode: false, schema: { type: 'array', items: { type: 'string', enum: sortable.flatMap((s) => [s, `-${s}`]) } } },
    { name: 'fields', in: 'query', required: false, description: 'Only these members in each item.', style: 'form', explode: false, schema: { type: 'array', items: { type: 'string', enum: fields } } },
    { name: 'limit', in: 'query', required: false, description: 'Page size.', schema: { type: 'integer', minimum: 1, maximum: service.pageSize.max, default: service.pageSize.default } },
    { name: 'offset', in: 'query', required: false, description: 'Objects to skip (not with cursor).', schema: { type: 'integer', minimum: 0 } },
    { name: 'cursor', in: 'query', required: false, description: 'The nextCursor of the previous page: stable paging while data changes.', schema: { type: 'string' } },
    { name: 'count', in: 'query', required: false, description: 'Also return the total number of matching objects.', schema: { type: 'boolean' } },
  )
  return params
}

function memberValueSchema(m: ExposedMember, index: ModelIndex): Schema {
  if (m.kind === 'navigation') return { type: 'integer', format: 'int64' }
  const { type, format, enum: values, maxLength } = attributeSchema(m.attribute, index, 'response') as Schema
  const base = Array.isArray(type) ? type.find((t) => t !== 'null') : type
  return { type: base, ...(format ? { format } : {}), ...(Array.isArray(values) ? { enum: values.filter((v) => v !== null) } : {}), ...(maxLength ? { maxLength } : {}) }
}

function filterDescription(external: string, op: (typeof FILTER_OPERATORS)[number]): string {
  const words: Record<string, string> = {
    eq: 'equals', ne: 'differs from', gt: 'is greater than', gte: 'is at least', lt: 'is less than', lte: 'is at most',
    in: 'is one of (comma-separated)', contains: 'contains', startsWith: 'starts with', null: 'is empty (true) or not (false)',
  }
  return `Only objects whose ${external} ${words[op]} this value.`
}

function listSchema(r: CompiledResource): Schema {
  return {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: { $ref: `#/components/schemas/${r.schemaName}` } },
      nextCursor: { type: ['string', 'null'], description: 'Pass as cursor for the next page; null on the last page.' },
      total: { type: 'integer', minimum: 0, description: 'All matching objects, when count=true.' },
    },
  }
}

function problemSchema(): Schema {
  return {
    type: 'object',
    required: ['type', 'title', 'status', 'detail', 'code'],
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      code: { type: 'string', description: 'A Portico error code (docs/errors.md).' },
      instance: { type: 'string' },
      errors: { type: 'array', items: { $ref: '#/components/schemas/FieldProblem' } },
    },
  }
}

function fieldProblemSchema(): Schema {
  return { type: 'object', required: ['path', 'code', 'message'], properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } }
}

function pascal(name: string): string {
  return name.replace(/(^|[-_\s])([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())
}

function pascalSingular(r: CompiledResource): string {
  return r.schemaName
}
