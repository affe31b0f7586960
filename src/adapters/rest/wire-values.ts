import type { EntityOperations, Row } from '../../kernel/index.js'
import type { ExpandItem } from '../../query/index.js'
import type { ExposedMember, Exposure } from '../exposure.js'
import type { CompiledResource, CompiledService } from './rest-service.js'

/** What to ask the kernel for so a resource's members can be written out. */
export interface ReadShape {
  readonly select: readonly string[]
  readonly expand: readonly ExpandItem[]
}

/**
 * The kernel query parts for a resource: its scalar members (and extra ones, e.g. sort
 * keys for a cursor), plus an expand per collection or embedded association.
 */
export function readShape(resource: CompiledResource, service: CompiledService, members: readonly ExposedMember[], extra: readonly string[] = []): ReadShape {
  // Callers who see every member share the resource's member list: its shape is built once
  // per set of extra members (the sort keys of a list, which come from the exposed ones).
  let byExtra = shapes.get(members)
  if (!byExtra) shapes.set(members, (byExtra = new Map()))
  const key = extra.join('\n')
  const known = byExtra.get(key)
  if (known) return known
  const shape = buildShape(resource, service, members, extra)
  byExtra.set(key, shape)
  return shape
}

const shapes = new WeakMap<readonly ExposedMember[], Map<string, ReadShape>>()

function buildShape(resource: CompiledResource, service: CompiledService, members: readonly ExposedMember[], extra: readonly string[]): ReadShape {
  const select = new Set<string>(['id', 'version', ...extra])
  const expand: ExpandItem[] = []
  for (const m of members) {
    if (m.kind === 'attribute') select.add(m.member)
    else if (m.as === 'embed') {
      const target = service.resourceOf(m.navigation.target)
      const inner = target ? readShape(target, service, target.exposure.members.filter((t) => t.kind === 'attribute' || t.as === 'id')) : { select: ['id'], expand: [] }
      expand.push({ navigation: m.member, query: { select: inner.select, ...(inner.expand.length ? { expand: inner.expand } : {}) } })
    } else if (m.navigation.cardinality === 'one' && m.navigation.direction === 'forward') select.add(m.member)
    else expand.push({ navigation: m.member, query: { select: ['id'] } })
  }
  return { select: [...select], expand }
}

/** A kernel row as the resource shows it: external names, ids for references, base64 for binary. */
export function toWire(row: Row, members: readonly ExposedMember[], service: CompiledService): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const m of members) {
    const value = row[m.member]
    if (m.kind === 'attribute') out[m.external] = value instanceof Uint8Array ? Buffer.from(value).toString('base64') : (value ?? null)
    else out[m.external] = navigationValue(value, m, service)
  }
  return out
}

function navigationValue(value: unknown, m: Extract<ExposedMember, { kind: 'navigation' }>, service: CompiledService): unknown {
  if (m.as === 'embed') {
    const target = service.resourceOf(m.navigation.target)
    const members = target?.exposure.members.filter((t) => t.kind === 'attribute' || t.as === 'id') ?? []
    if (Array.isArray(value)) return value.map((r: Row) => toWire(r, members, service))
    return value && typeof value === 'object' ? toWire(value as Row, members, service) : null
  }
  if (m.navigation.cardinality === 'many') return Array.isArray(value) ? value.map((r: Row) => r.id) : []
  if (value && typeof value === 'object') return (value as Row).id
  return value ?? null
}

/** A validated request body as kernel values: model member names, binary decoded. */
export function fromWire(body: Readonly<Record<string, unknown>>, exposure: Exposure): Row {
  const out: Row = {}
  for (const [external, value] of Object.entries(body)) {
    const m = exposure.byExternal.get(external)
    if (!m) continue // the request schema refuses unknown members before this runs
    out[m.member] = m.kind === 'attribute' && m.attribute.type.kind === 'Binary' && typeof value === 'string' ? Buffer.from(value, 'base64') : value
  }
  return out
}

/**
 * The members a caller sees: those its roles may read. A resource shows other roles fewer
 * members rather than refusing them; asking for a hidden member by name is still refused.
 */
export function visibleMembers(members: readonly ExposedMember[], entity: string, ops: EntityOperations): readonly ExposedMember[] {
  const readable = ops.readable(entity)
  if (readable === 'all') return members
  return members.filter((m) =>
    m.kind === 'navigation' && m.navigation.direction === 'inverse'
      ? ops.readable(m.navigation.target.qualifiedName) === 'all' || (ops.readable(m.navigation.target.qualifiedName) as ReadonlySet<string>).size > 0
      : readable.has(m.member),
  )
}
