import type { Row } from '../../../kernel/index.js'
import { odataErrors } from '../odata-errors.js'
import type { ODataEntitySet, ODataNavigation, ODataProperty } from '../service/service-model.js'

/** A request body read against an entity set: values by member, bindings and nested entities by navigation. */
export interface Payload {
  readonly values: Row
  /** `Nav@odata.bind`: entity URLs, one or a list. */
  readonly binds: ReadonlyMap<ODataNavigation, readonly string[]>
  /** Related entities nested under a navigation (deep insert or update); `null` is an empty list. */
  readonly nested: ReadonlyMap<ODataNavigation, readonly Record<string, unknown>[]>
  /** `Nav@delta` (4.01 deep update): related entities added or changed, and `@removed` ones. */
  readonly deltas: ReadonlyMap<ODataNavigation, readonly Record<string, unknown>[]>
}

/**
 * Reads an entity payload. Unknown names are refused (Portico's inputs are closed,
 * CONTRACT-RULES P3); values of read-only properties are ignored, as OData asks for computed
 * properties; control information (`@odata.*`, also without the prefix) is skipped.
 * Int64 and Decimal values may come as strings (IEEE754Compatible); binary as base64url.
 */
export function readPayload(body: unknown, set: ODataEntitySet): Payload {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('the body must be a JSON object')
  const values: Row = {}
  const binds = new Map<ODataNavigation, readonly string[]>()
  const nested = new Map<ODataNavigation, readonly Record<string, unknown>[]>()
  const deltas = new Map<ODataNavigation, readonly Record<string, unknown>[]>()
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    const at = name.indexOf('@')
    if (at === 0) continue
    if (at > 0) {
      readAnnotation(name.slice(0, at), name.slice(at + 1), value, set, { binds, deltas })
      continue
    }
    const property = set.property.get(name)
    if (property) {
      if (!property.readOnly) values[property.member] = inputValue(value, property)
      continue
    }
    const nav = set.navigation.get(name)
    if (!nav) throw odataErrors.create('ODATA_UNKNOWN_PROPERTY', `${set.typeName} has no property or navigation '${name}'`, { target: name })
    nested.set(nav, nestedEntities(value, nav))
  }
  return { values, binds, nested, deltas }
}

interface Annotated {
  readonly binds: Map<ODataNavigation, readonly string[]>
  readonly deltas: Map<ODataNavigation, readonly Record<string, unknown>[]>
}

function readAnnotation(name: string, term: string, value: unknown, set: ODataEntitySet, into: Annotated): void {
  const bare = term.replace(/^odata\./, '')
  if (bare !== 'bind' && bare !== 'delta') return
  const nav = set.navigation.get(name)
  if (!nav) throw odataErrors.create('ODATA_UNKNOWN_PROPERTY', `${set.typeName} has no navigation '${name}' to ${bare}`, { target: name })
  if (bare === 'delta') {
    if (!nav.collection || !Array.isArray(value)) throw bad(`${name}@delta must be a list of entities, on a collection-valued navigation`, name)
    into.deltas.set(nav, nestedEntities(value, nav))
    return
  }
  const list = nav.collection ? value : [value]
  if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) {
    throw bad(`${name}@odata.bind must be ${nav.collection ? 'a list of entity URLs' : 'an entity URL'}`, name)
  }
  into.binds.set(nav, list as string[])
}

function nestedEntities(value: unknown, nav: ODataNavigation): Record<string, unknown>[] {
  const list = nav.collection ? value : value === null ? [] : [value]
  if (!Array.isArray(list) || !list.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v))) {
    throw bad(`${nav.name} must be ${nav.collection ? 'a list of entities' : 'an entity or null'}`, nav.name)
  }
  return list as Record<string, unknown>[]
}

/** A JSON value as the kernel takes it for a property. */
export function inputValue(value: unknown, property: ODataProperty): unknown {
  if (value === null) return null
  const wire = property.type.wire
  if ((wire === 'int64' || wire === 'decimal') && typeof value === 'string') {
    const n = Number(value)
    if (value.trim() === '' || !Number.isFinite(n)) throw odataErrors.create('ODATA_BAD_LITERAL', `${property.name} is ${property.type.name}; ${JSON.stringify(value)} is not a number`, { target: property.name })
    return n
  }
  if (wire === 'binary') {
    if (typeof value !== 'string' || !/^[A-Za-z0-9_\-+/]*={0,2}$/.test(value)) throw odataErrors.create('ODATA_BAD_LITERAL', `${property.name} is Edm.Binary; give base64url text`, { target: property.name })
    return Buffer.from(value.replace(/\+/g, '-').replace(/\//g, '_'), 'base64url')
  }
  return value
}

export function bad(message: string, target?: string) {
  return odataErrors.create('ODATA_BAD_PAYLOAD', message, target === undefined ? {} : { target })
}

/** Parses a JSON request body; an empty body is an empty object. */
export function parseJsonBody(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return {}
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw odataErrors.create('ODATA_BAD_PAYLOAD', `the body is not valid JSON: ${(error as Error).message}`, { cause: error })
  }
}
