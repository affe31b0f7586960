import type { AttributeModel, ModelIndex, ModelValue } from '../../model/index.js'
import type { ExposedAttribute, ExposedMember, ExposedNavigation, Exposure } from '../exposure.js'

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1) as plain data. */
export type Schema = Record<string, unknown>

/** Which message a schema describes: requests are inputs, responses outputs (CONTRACT-RULES P1). */
export type SchemaUse = 'response' | 'create' | 'patch'

const ID_SCHEMA: Schema = { type: 'integer', format: 'int64', minimum: 1 }

/**
 * The schema of one attribute, by the generator rules of CONTRACT-RULES (G1–G7): types and
 * formats, lengths, decimal bounds, enums, nullability of optional members, read-only
 * system members.
 */
export function attributeSchema(a: AttributeModel, index: ModelIndex, use: SchemaUse): Schema {
  const s: Schema = { ...typeSchema(a, index), ...constraints(a) }
  // A declared bound is stricter than the precision's; keep one kind of each bound.
  if (s.minimum !== undefined) delete s.exclusiveMinimum
  if (s.maximum !== undefined) delete s.exclusiveMaximum
  if (a.description) s.description = a.description
  if (a.system || a.type.kind === 'AutoNumber') s.readOnly = true
  if (use !== 'response' && a.default !== undefined && a.default !== null) s.default = a.default
  return nullable(s, !a.required)
}

function typeSchema(a: AttributeModel, index: ModelIndex): Schema {
  const t = a.type
  switch (t.kind) {
    case 'String':
      return { type: 'string', maxLength: t.length }
    case 'Text':
      return { type: 'string' }
    case 'Integer':
      return { type: 'integer', format: 'int32' }
    case 'Long':
    case 'AutoNumber':
      return { type: 'integer', format: 'int64' }
    case 'Decimal': {
      const bound = 10 ** (t.precision - t.scale)
      return { type: 'number', exclusiveMaximum: bound, exclusiveMinimum: -bound, multipleOf: Number((10 ** -t.scale).toFixed(t.scale)) }
    }
    case 'Boolean':
      return { type: 'boolean' }
    case 'Date':
      return { type: 'string', format: 'date' }
    case 'DateTime':
      return { type: 'string', format: 'date-time' }
    case 'Enum':
      return { type: 'string', enum: index.enumeration(t.enumeration)?.values.map((v) => v.name) ?? [] }
    case 'UUID':
      return { type: 'string', format: 'uuid' }
    case 'Binary':
      return { type: 'string', contentEncoding: 'base64' }
    case 'Unknown':
      return {}
  }
}

function constraints(a: AttributeModel): Schema {
  const s: Schema = {}
  const numeric = ['Integer', 'Long', 'Decimal'].includes(a.type.kind)
  if (numeric && typeof a.min === 'number') s.minimum = a.min
  if (numeric && typeof a.max === 'number') s.maximum = a.max
  if (a.minLength !== undefined) s.minLength = a.minLength
  if (a.maxLength !== undefined) s.maxLength = Math.min(a.maxLength, a.type.kind === 'String' ? a.type.length : Infinity)
  if (a.pattern !== undefined) s.pattern = `^(?:${a.pattern})$`
  return s
}

/** Adds `null` to the type (and enum) of an optional member (G1). */
function nullable(s: Schema, optional: boolean): Schema {
  if (!optional) return s
  const out: Schema = { ...s }
  if (typeof s.type === 'string') out.type = [s.type, 'null']
  if (Array.isArray(s.enum)) out.enum = [...(s.enum as ModelValue[]), null]
  return out
}

/** The schema of an exposed association: the id(s) (G6) or, embedded, a reference to the target's schema. */
export function navigationSchema(m: ExposedNavigation, use: SchemaUse, embedRef?: string): Schema {
  const one = m.as === 'embed' && embedRef && use === 'response' ? { $ref: embedRef } : ID_SCHEMA
  const s: Schema =
    m.navigation.cardinality === 'many'
      ? { type: 'array', items: one, uniqueItems: m.as === 'id' }
      : m.navigation.association.required || m.navigation.direction === 'inverse'
        ? { ...one }
        : one === ID_SCHEMA
          ? { ...ID_SCHEMA, type: ['integer', 'null'] }
          : { anyOf: [one, { type: 'null' }] }
  if (m.description) s.description = m.description
  if (m.readOnly) s.readOnly = true
  return s
}

/**
 * Whether a member is `required` in a schema: in responses every required attribute and
 * reference, and every collection (G1); on create only those without a default (G2);
 * never in a patch.
 */
export function isRequired(m: ExposedMember, use: SchemaUse): boolean {
  if (use === 'patch') return false
  if (m.kind === 'attribute') {
    if (use === 'response') return m.attribute.required
    return m.attribute.required && (m.attribute.default === undefined || m.attribute.default === null)
  }
  const requiredReference = m.navigation.direction === 'forward' && m.navigation.cardinality === 'one' && m.navigation.association.required
  return use === 'response' ? requiredReference || m.navigation.cardinality === 'many' : requiredReference
}

/**
 * The object schema of a resource for one use. Request schemas list only writable members
 * and are closed (`additionalProperties: false`, P3); response schemas list every exposed
 * member and stay open, so adding an output member is compatible.
 */
export function resourceSchema(
  exposure: Exposure,
  index: ModelIndex,
  use: SchemaUse,
  embedRef: (m: ExposedNavigation) => string | undefined,
): Schema {
  const members = exposure.members.filter((m) => use === 'response' || !m.readOnly)
  const properties: Record<string, Schema> = {}
  for (const m of members) {
    properties[m.external] = m.kind === 'attribute' ? attributeSchema((m as ExposedAttribute).attribute, index, use) : navigationSchema(m, use, embedRef(m))
  }
  const required = members.filter((m) => isRequired(m, use)).map((m) => m.external)
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    ...(use === 'response' ? {} : { additionalProperties: false }),
  }
}
