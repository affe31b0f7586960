import type { EntityOperations } from '../../kernel/index.js'
import type { ImportedLookup, ImportedObject } from '../../mapping/index.js'
import { isIn, lit, prop, type Literal } from '../../query/index.js'

const CHUNK = 500
const CACHED = 100_000

/** The distinct values of one entity's member that lookups name and the cache does not know. */
interface MissingGroup {
  readonly entity: string
  readonly member: string
  readonly values: Map<string, unknown>
}

/**
 * References given by key (`lookup: { key: code }`) resolved to ids: one query per entity,
 * member and chunk of distinct values, remembered for the rest of the run (up to 100,000
 * keys, then forgotten and read again).
 */
export class LookupCache {
  private readonly ids = new Map<string, number | null>()

  /** Resolves every lookup of the objects that is not known yet. */
  async resolve(ops: EntityOperations, objects: readonly ImportedObject[]): Promise<void> {
    const missing = new Map<string, MissingGroup>()
    const composite: ImportedLookup[] = []
    for (const object of objects) {
      if (object.lookups.length === 0 && object.children.length === 0) continue
      for (const lookup of allLookups(object)) this.sort(lookup, missing, composite)
    }
    if (this.ids.size > CACHED) this.ids.clear()
    for (const group of missing.values()) await this.fetch(ops, group.entity, group.member, [...group.values.values()])
    for (const lookup of composite) this.ids.set(cacheKey(lookup), ((await ops.findByKey(lookup.entity, lookup.key))?.id as number | undefined) ?? null)
  }

  /** Puts a lookup not known yet with the others of its entity and member, or with those of several members. */
  private sort(lookup: ImportedLookup, missing: Map<string, MissingGroup>, composite: ImportedLookup[]): void {
    const members = Object.keys(lookup.key)
    if (this.ids.has(cacheKey(lookup))) return
    if (members.length !== 1) {
      composite.push(lookup)
      return
    }
    const member = members[0] as string
    const group = missing.get(`${lookup.entity}\u0000${member}`) ?? { entity: lookup.entity, member, values: new Map() }
    group.values.set(JSON.stringify(lookup.key[member]), lookup.key[member])
    missing.set(`${lookup.entity}\u0000${member}`, group)
  }

  private async fetch(ops: EntityOperations, entity: string, member: string, values: readonly unknown[]): Promise<void> {
    for (let start = 0; start < values.length; start += CHUNK) {
      const chunk = values.slice(start, start + CHUNK)
      for (const v of chunk) this.ids.set(keyOf(entity, member, v), null)
      const { rows } = await ops.query({ entity, filter: isIn(prop(member), chunk.map((v) => lit(v as Literal))), select: ['id', member], top: CHUNK * 2 })
      for (const row of rows) this.ids.set(keyOf(entity, member, row[member]), row.id as number)
    }
  }

  /** The id a lookup names; null when no object has the key. */
  id(lookup: ImportedLookup): number | null {
    return this.ids.get(cacheKey(lookup)) ?? null
  }
}

function allLookups(object: ImportedObject): ImportedLookup[] {
  return [...object.lookups, ...object.children.flatMap((c) => c.objects.flatMap(allLookups))]
}

function keyOf(entity: string, member: string, value: unknown): string {
  return `${entity}\u0000${member}\u0000${JSON.stringify(value)}`
}

function cacheKey(lookup: ImportedLookup): string {
  const members = Object.keys(lookup.key)
  return members.length === 1 ? keyOf(lookup.entity, members[0] as string, lookup.key[members[0] as string]) : `${lookup.entity}\u0000${JSON.stringify(lookup.key)}`
}

/** The lookups of an object (and its children) that found nothing, with the message to report. */
export function unresolved(object: ImportedObject, cache: LookupCache): { path: string; rule: string; message: string }[] {
  if (object.lookups.length === 0 && object.children.length === 0) return []
  return allLookups(object)
    .filter((l) => cache.id(l) === null)
    .map((l) => ({ path: l.member, rule: 'lookup', message: `no ${l.entity} has ${Object.entries(l.key).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(' and ')}` }))
}
