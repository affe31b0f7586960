import type { JsonSchema, SectionSchema } from '../model/index.js'

/**
 * The JSON Schema of the `mappings:` section, one schema per kind. The loader validates
 * declarations with it, and `portico schema` publishes it so editors complete mappings.
 * Nested `fields` are spelled out to a fixed depth instead of a recursive `$ref`: the kind
 * schemas are embedded twice in the module schema, where a `$ref` base would be ambiguous.
 */

const NESTING_DEPTH = 4
const NAME = '^[A-Za-z][A-Za-z0-9_]*$'

const convert: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'How the wire value is read and written. In JSON, a field with convert reads text.',
  properties: {
    pattern: { type: 'string', description: "Date/DateTime pattern: yyyy, yy, MM, M, dd, d, HH, H, mm, ss, SSS, XXX, XX, 'literal'." },
    timeZone: { type: 'string', description: 'IANA time zone of date-times written without an offset (default UTC).' },
    decimal: { type: 'string', minLength: 1, maxLength: 1, description: 'Decimal separator (default ".").' },
    grouping: { type: 'string', minLength: 1, maxLength: 1, description: 'Grouping separator (default none).' },
    true: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Words read as true; the first is written.' },
    false: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Words read as false; the first is written.' },
    enum: { enum: ['name', 'caption'], description: 'Enumeration values by name (default) or caption.' },
  },
}

const whenMissing: JsonSchema = {
  enum: ['create', 'ignore', 'error'],
  description: 'What an import does when the key finds no object (default create).',
}
const key: JsonSchema = { type: 'array', items: { type: 'string', pattern: NAME }, minItems: 1, description: 'Members that find the object to update.' }
const scalar = { type: ['string', 'number', 'boolean', 'null'] }

/** One field: where on the wire (`location`), which member, and how. */
function field(location: Record<string, JsonSchema>, required: readonly string[], depth: number, nested: boolean): JsonSchema {
  const properties: Record<string, JsonSchema> = {
    ...location,
    member: { type: 'string', pattern: NAME, description: 'Attribute or association of the entity.' },
    convert,
    default: { ...scalar, description: 'Value (as stored) used when the input has none.' },
    required: { type: 'boolean', description: 'The input must carry a value.' },
    lookup: {
      type: 'object',
      additionalProperties: false,
      required: ['key'],
      properties: { key: { type: 'string', pattern: NAME, description: 'Member of the target that the wire value equals.' } },
    },
    description: { type: 'string' },
  }
  if (nested && depth > 1) {
    properties.key = key
    properties.whenMissing = whenMissing
    properties.fields = { type: 'array', minItems: 1, items: field(location, required, depth - 1, nested) }
  }
  return { type: 'object', additionalProperties: false, required: [...required, 'member'], properties }
}

function common(fields: JsonSchema): Record<string, JsonSchema> {
  return {
    kind: { type: 'string' },
    description: { type: 'string' },
    direction: { enum: ['import', 'export', 'both'], description: 'import (wire → objects), export, or both (default).' },
    entity: { type: 'string', description: 'Root entity: Name in this module or Module.Name.' },
    key,
    whenMissing,
    schema: { type: 'string', description: 'JSON Schema or XSD file (relative to the module folder) the checker verifies paths with.' },
    sample: { type: 'string', description: 'Sample document (relative to the module folder) the checker verifies paths with.' },
    convert: { ...convert, description: 'Conversions every field inherits.' },
    fields: { type: 'array', minItems: 1, items: fields },
  }
}

function mappingSchema(extra: Record<string, JsonSchema>, fields: JsonSchema, required: readonly string[] = []): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'entity', 'fields', ...required],
    properties: { ...common(fields), ...extra },
  }
}

const path = (what: string): Record<string, JsonSchema> => ({ path: { type: 'string', minLength: 1, description: what } })

const jsonMapping = mappingSchema(
  { lines: { type: 'boolean', description: 'Export JSON Lines (one object a line) instead of an array.' } },
  field(path('Path in the JSON object: customer.email, lines[] for an array.'), ['path'], NESTING_DEPTH, true),
)

const xmlMapping = mappingSchema(
  {
    record: { type: 'string', pattern: '^/', description: 'Absolute path of the record element(s): /o:Orders/o:Order.' },
    namespaces: { type: 'object', additionalProperties: { type: 'string' }, description: 'Prefixes used in paths → namespace URIs.' },
    namespace: { type: 'string', description: 'Namespace of unprefixed element names in paths.' },
  },
  field(path('Path below the record: o:Customer/o:Email, @number, a|b for a choice.'), ['path'], NESTING_DEPTH, true),
  ['record'],
)

const csvMapping = mappingSchema(
  {
    header: { type: 'boolean', description: 'The first row names the columns (default true).' },
    delimiter: { type: 'string', minLength: 1, description: 'Cell delimiter (default ",").' },
    quote: { type: 'string', minLength: 1, maxLength: 1, description: 'Quote character (default ").' },
    escape: { type: 'string', minLength: 1, maxLength: 1, description: 'Escape character inside quotes (default: the quote).' },
    encoding: { enum: ['utf-8', 'latin1', 'windows-1252'], description: 'Text encoding (default utf-8).' },
    match: { enum: ['exact', 'subset', 'superset'], description: 'How the header matches the columns (default exact).' },
  },
  field(
    { column: { type: ['string', 'integer'], minimum: 1, description: 'Column name (header) or 1-based position.' } },
    ['column'],
    1,
    false,
  ),
)

/** The `mappings:` section: import/export mappings between wire payloads and entities. */
export const mappingSection: SectionSchema = Object.freeze({
  section: 'mappings',
  description: 'Import and export mappings between wire payloads (JSON, XML, CSV) and entities, by name.',
  kinds: Object.freeze({ json: jsonMapping, xml: xmlMapping, csv: csvMapping }),
})
