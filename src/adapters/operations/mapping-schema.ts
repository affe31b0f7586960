import { effectiveConvert, parseJsonPath, resolveFields, type CompiledMapping, type ResolvedField } from '../../mapping/index.js'
import type { AttributeModel, ModelIndex } from '../../model/index.js'
import { attributeSchema, type Schema } from '../rest/json-schema.js'

/**
 * The JSON Schema of the documents a JSON mapping reads (`request`) or writes (`response`),
 * derived from its fields, so the contract says exactly what the mapping does: each path
 * becomes nested properties, `[]` an array, each value the type of its member (a lookup the
 * type of the target's key, a plain reference an id), `required: true` a required property.
 * A conversion that reads values as text (a date pattern, a decimal comma, true/false words)
 * makes the value a string; enumerations by caption list the captions.
 */
export function mappingSchema(mapping: CompiledMapping, index: ModelIndex, use: 'request' | 'response'): Schema {
  const entity = index.requireEntity(mapping.entity)
  const schema = level(resolveFields(index, entity, mapping.declaration.fields), index, use)
  const description = mapping.declaration.extension.body.description
  return typeof description === 'string' ? { ...schema, description } : schema
}

type ObjectSchema = Schema & { type: 'object'; properties: Record<string, Schema>; required?: string[] }

function level(fields: readonly ResolvedField[], index: ModelIndex, use: 'request' | 'response'): ObjectSchema {
  const root: ObjectSchema = { type: 'object', properties: {} }
  for (const f of fields) {
    if (f.kind === 'unknown' || typeof f.field.location !== 'string') continue
    const path = parseJsonPath(f.field.location)
    if ('problem' in path) continue
    const value = f.kind === 'nested' ? nested(f, index, use, path.array) : valueSchema(f, index, use)
    // A required value deep in a document makes each object on its way required too.
    let at = root
    for (const [i, key] of path.keys.entries()) {
      if (f.field.required && !at.required?.includes(key)) at.required = [...(at.required ?? []), key]
      if (i === path.keys.length - 1) {
        at.properties[key] = value
      } else {
        const existing = at.properties[key] as ObjectSchema | undefined
        at = existing?.type === 'object' ? existing : ((at.properties[key] = { type: 'object', properties: {} }) as ObjectSchema)
      }
    }
  }
  return root
}

function nested(f: Extract<ResolvedField, { kind: 'nested' }>, index: ModelIndex, use: 'request' | 'response', array: boolean): Schema {
  const inner = level(f.fields, index, use)
  return array || f.navigation.cardinality === 'many' ? { type: 'array', items: inner } : inner
}

function valueSchema(f: Exclude<ResolvedField, { kind: 'nested' | 'unknown' }>, index: ModelIndex, use: 'request' | 'response'): Schema {
  if (f.kind === 'reference') return { type: 'integer', format: 'int64', description: `The id of a ${f.navigation.target.qualifiedName}.` }
  const attribute: AttributeModel = f.kind === 'attribute' ? f.attribute : f.key
  const base = attributeSchema(attribute, index, use === 'request' ? 'create' : 'response')
  const out: Schema = { ...base }
  delete out.readOnly
  delete out.default
  const convert = effectiveConvert(f)
  if (convert && (convert.pattern || convert.decimal || convert.grouping || convert.trueWords || convert.falseWords)) {
    const nullable = Array.isArray(base.type) && base.type.includes('null')
    return { type: nullable ? ['string', 'null'] : 'string', ...(convert.pattern ? { description: `Written as ${convert.pattern}.` } : {}) }
  }
  if (convert?.enumBy === 'caption' && attribute.type.kind === 'Enum') {
    const values = index.enumeration(attribute.type.enumeration)?.values.map((v) => v.caption) ?? []
    out.enum = Array.isArray(base.enum) && base.enum.includes(null) ? [...values, null] : values
  }
  if (f.kind === 'lookup') out.description = `The ${f.key.name} of a ${f.navigation.target.qualifiedName}.`
  // A mapping reads what it is given; absent optional values stay absent, so null is allowed.
  if (!f.field.required && use === 'request' && typeof out.type === 'string') {
    out.type = [out.type, 'null']
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null]
  }
  return out
}
