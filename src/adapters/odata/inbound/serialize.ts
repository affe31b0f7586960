import type { Row } from '../../../kernel/index.js'
import type { ExpandShape, Shape } from '../query/translate-options.js'
import type { GroupKey } from '../query/translate-apply.js'
import type { ODataEntitySet, ODataProperty, ODataService } from '../service/service-model.js'
import { entityPath, etagOf, memberValue } from './entity-url.js'
import type { Negotiated } from './negotiate.js'

/** What writing a response needs: the service, what the client negotiated, and the service root URL. */
export interface WriteContext {
  readonly service: ODataService
  readonly negotiated: Negotiated
  /** Absolute service root, without a trailing slash. */
  readonly root: string
}

const TYPE_ANNOTATED = new Set(['Edm.Int64', 'Edm.Decimal', 'Edm.Date', 'Edm.DateTimeOffset', 'Edm.Guid', 'Edm.Binary'])

/** A property value on the wire: Int64 and Decimal as strings under IEEE754Compatible, binary as base64url. */
export function wireValue(value: unknown, property: ODataProperty, ctx: WriteContext): unknown {
  if (value === null || value === undefined) return null
  const wire = property.type.wire
  if ((wire === 'int64' || wire === 'decimal') && ctx.negotiated.ieee754) return String(value)
  if (wire === 'binary') return Buffer.isBuffer(value) || value instanceof Uint8Array ? Buffer.from(value).toString('base64url') : String(value)
  return value
}

/**
 * One entity in the OData JSON format, with the control information the metadata level asks
 * for, written into `out` (a response's `@odata.context` goes first). Members are added to
 * one object rather than spread together: spreading a second object into a literal is an
 * order of magnitude slower in V8 than adding its members.
 */
export function entityJson(row: Row, shape: Shape, ctx: WriteContext, out: Record<string, unknown> = {}): Record<string, unknown> {
  const level = ctx.negotiated.metadata
  // The entity's own URL is written only with full metadata.
  const path = level === 'full' ? entityPath(shape.set, row) : ''
  if (level === 'full') {
    out['@odata.type'] = `#${ctx.service.namespace}.${shape.set.typeName}`
    out['@odata.id'] = `${ctx.root}/${path}`
    out['@odata.editLink'] = path
  }
  const etag = etagOf(row)
  if (etag && level !== 'none') out['@odata.etag'] = etag
  for (const p of shape.properties) {
    if (level === 'full' && (TYPE_ANNOTATED.has(p.type.name) || p.type.enumeration)) out[`${p.name}@odata.type`] = `#${p.type.enumeration ? p.type.name : p.type.name.slice(4)}`
    out[p.name] = wireValue(memberValue(row, p), p, ctx)
  }
  for (const alias of shape.computed) out[alias] = row[alias] ?? null
  if (level === 'full') {
    for (const n of shape.set.navigations) out[`${n.name}@odata.navigationLink`] = `${path}/${n.name}`
    advertise(shape.set, path, false, ctx, out)
  }
  for (const e of shape.expands) Object.assign(out, expandJson(row, e, ctx))
  return out
}

/** Full metadata on a whole entity set: the operations bound to the collection (`"#Sales.Open"`). */
export function collectionOperations(set: ODataEntitySet, ctx: WriteContext): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (ctx.negotiated.metadata === 'full') advertise(set, set.name, true, ctx, out)
  return out
}

/** Full metadata: each operation bound to the entity (or the set), `"#Ns.Cancel": { title, target }` (JSON format §17). */
function advertise(set: ODataEntitySet, path: string, collection: boolean, ctx: WriteContext, out: Record<string, unknown>): void {
  const bound = ctx.service.boundTo.get(set.name)
  if (!bound) return
  for (const o of bound.values()) {
    if (o.binding?.collection !== collection) continue
    const name = `${ctx.service.namespace}.${o.name}`
    out[`#${name}`] = { title: o.name, target: `${ctx.root}/${path}/${name}` }
  }
}

function expandJson(row: Row, e: ExpandShape, ctx: WriteContext): Record<string, unknown> {
  const name = e.nav.name
  const value = row[e.nav.navigation.name]
  const countKey = `${e.nav.navigation.name}@count`
  const out: Record<string, unknown> = {}
  if (e.count && typeof row[countKey] === 'number') out[`${name}@odata.count`] = row[countKey]
  if (e.mode === 'count') return out
  const one = (r: Row | null | undefined) => {
    if (!r) return null
    return e.mode === 'ref' ? { '@odata.id': `${ctx.root}/${entityPath(e.shape.set, r)}` } : entityJson(r, e.shape, ctx)
  }
  out[name] = Array.isArray(value) ? (value as Row[]).map(one) : one(value as Row | null)
  return out
}

/** An aggregated row: group keys nested by their external path, aggregate aliases beside them. */
export function groupJson(row: Row, keys: readonly GroupKey[], aliases: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { '@odata.id': null }
  for (const key of keys) {
    let target = out
    key.external.forEach((segment, i) => {
      if (i === key.external.length - 1) target[segment] = row[key.row] ?? null
      else target = (target[segment] ??= {}) as Record<string, unknown>
    })
  }
  for (const alias of aliases) out[alias] = row[alias] ?? null
  return out
}

/** The context URL's projection: selected properties and expanded navigations, `(a,b,Nav(c))`. */
export function projection(shape: Shape, version: '4.0' | '4.01'): string {
  // Shapes are shared by repeated requests (level-cache.ts): each writes its projection once per version.
  const known = projections.get(shape)?.[version]
  if (known !== undefined) return known
  const text = writeProjection(shape, version)
  projections.set(shape, { ...projections.get(shape), [version]: text })
  return text
}

const projections = new WeakMap<Shape, { '4.0'?: string; '4.01'?: string }>()

function writeProjection(shape: Shape, version: '4.0' | '4.01'): string {
  const items = [
    ...(shape.selected ? [...shape.properties.map((p) => p.name), ...shape.computed] : []),
    ...shape.expands.filter((e) => e.mode === 'entities').map((e) => `${e.nav.name}${projection(e.shape, version) || (version === '4.01' ? '()' : '')}`),
  ]
  return items.length ? `(${items.join(',')})` : ''
}
