/**
 * The structure of JSON records as the checker sees it, from a JSON Schema or a sample
 * document: enough to say whether a path exists and which JSON type it carries.
 */
export type JsonShape =
  | { readonly kind: 'object'; readonly properties: ReadonlyMap<string, JsonShape> }
  | { readonly kind: 'array'; readonly items: JsonShape }
  | { readonly kind: 'scalar'; readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'null'; readonly format?: string }
  | { readonly kind: 'any' }

type Json = Readonly<Record<string, unknown>>
const ANY: JsonShape = { kind: 'any' }
const MAX_DEPTH = 32

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The shape a JSON Schema describes (local `$ref`s, `type` lists, `allOf`; `anyOf`/`oneOf` read as any). */
export function shapeOfSchema(root: unknown): JsonShape {
  const resolve = (ref: string): unknown =>
    ref.startsWith('#/') ? ref.slice(2).split('/').reduce<unknown>((at, k) => (isObject(at) ? at[k.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), root) : undefined
  const shape = (schema: unknown, depth: number): JsonShape => {
    if (!isObject(schema) || depth > MAX_DEPTH) return ANY
    if (typeof schema.$ref === 'string') return shape(resolve(schema.$ref), depth + 1)
    if (Array.isArray(schema.allOf)) return merge(schema.allOf.map((s) => shape(s, depth + 1)))
    const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((t) => typeof t === 'string' && t !== 'null') as string[]
    const type = types.length === 1 ? types[0] : schema.properties ? 'object' : schema.items ? 'array' : undefined
    if (type === 'object') {
      const properties = isObject(schema.properties) ? schema.properties : {}
      return { kind: 'object', properties: new Map(Object.entries(properties).map(([k, v]) => [k, shape(v, depth + 1)])) }
    }
    if (type === 'array') return { kind: 'array', items: shape(schema.items, depth + 1) }
    if (type === 'string' || type === 'integer' || type === 'number' || type === 'boolean') {
      return { kind: 'scalar', type, ...(typeof schema.format === 'string' ? { format: schema.format } : {}) }
    }
    return ANY
  }
  return shape(root, 0)
}

function merge(shapes: readonly JsonShape[]): JsonShape {
  const objects = shapes.filter((s): s is Extract<JsonShape, { kind: 'object' }> => s.kind === 'object')
  if (objects.length === 0) return shapes[0] ?? ANY
  return { kind: 'object', properties: new Map(objects.flatMap((o) => [...o.properties])) }
}

/** The shape of a sample document; array elements are merged, so any element may show a property. */
export function shapeOfSample(value: unknown): JsonShape {
  if (Array.isArray(value)) return { kind: 'array', items: value.map(shapeOfSample).reduce(union, ANY_EMPTY) }
  if (isObject(value)) return { kind: 'object', properties: new Map(Object.entries(value).map(([k, v]) => [k, shapeOfSample(v)])) }
  if (typeof value === 'string') return { kind: 'scalar', type: 'string' }
  if (typeof value === 'number') return { kind: 'scalar', type: Number.isInteger(value) ? 'integer' : 'number' }
  if (typeof value === 'boolean') return { kind: 'scalar', type: 'boolean' }
  return { kind: 'scalar', type: 'null' }
}

const ANY_EMPTY: JsonShape = { kind: 'object', properties: new Map() }

function union(a: JsonShape, b: JsonShape): JsonShape {
  if (a === ANY_EMPTY) return b
  if (a.kind === 'object' && b.kind === 'object') {
    const properties = new Map(a.properties)
    for (const [k, v] of b.properties) properties.set(k, properties.has(k) ? union(properties.get(k) as JsonShape, v) : v)
    return { kind: 'object', properties }
  }
  if (a.kind === 'scalar' && b.kind === 'scalar') {
    if (a.type === b.type || b.type === 'null') return a
    if (a.type === 'null') return b
    if ((a.type === 'integer' && b.type === 'number') || (a.type === 'number' && b.type === 'integer')) return { kind: 'scalar', type: 'number' }
  }
  if (a.kind === 'array' && b.kind === 'array') return { kind: 'array', items: union(a.items, b.items) }
  return ANY
}

/** The records of a document: an array's items, else the document itself. */
export function recordShape(document: JsonShape): JsonShape {
  return document.kind === 'array' ? document.items : document
}

/** Follows keys from a record; undefined when a key is not there (an `any` on the way lets anything through). */
export function jsonShapeAt(shape: JsonShape, keys: readonly string[]): JsonShape | undefined {
  let at: JsonShape = shape
  for (const key of keys) {
    if (at.kind === 'any') return at
    if (at.kind !== 'object') return undefined
    const next = at.properties.get(key)
    if (!next) return undefined
    at = next
  }
  return at
}
