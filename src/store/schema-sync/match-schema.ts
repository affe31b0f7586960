import type {
  ColumnSnapshot,
  EntitySnapshot,
  JunctionSnapshot,
  ReferenceSnapshot,
  RenameHints,
  SchemaSnapshot,
} from './schema-snapshot.js'

/** The same element in the recorded snapshot and in the model. */
export interface Pair<T> {
  readonly old: T
  readonly new: T
}

/** Members of one kind (columns, references, junctions) sorted into kept, new and gone. */
export interface MemberChanges<T> {
  readonly matched: readonly Pair<T>[]
  readonly added: readonly T[]
  readonly dropped: readonly T[]
}

/** An entity that survives the sync, possibly renamed, with its members paired up. */
export interface TableMatch extends Pair<EntitySnapshot> {
  readonly columns: MemberChanges<ColumnSnapshot>
  readonly references: MemberChanges<ReferenceSnapshot>
  readonly junctions: MemberChanges<JunctionSnapshot>
}

/** The whole pairing: surviving entities with their members, new entities and dropped ones. */
export interface SchemaMatch {
  readonly tables: readonly TableMatch[]
  readonly created: readonly EntitySnapshot[]
  readonly dropped: readonly EntitySnapshot[]
  /** New qualified name of each surviving old entity, by old name. */
  readonly entityNames: ReadonlyMap<string, string>
}

/**
 * Pairs the recorded snapshot with the model's. An element is the same when the model says
 * it was `renamedFrom` a name the snapshot has while its own name is not in the snapshot
 * (a rename not yet synced), or else when its name is unchanged; anything else is new or
 * dropped. Once a rename is synced its new name is in the snapshot, so the hint is inert. A reference whose target entity
 * changed is a new reference: the ids it holds mean nothing for the new target.
 */
export function matchSchema(old: SchemaSnapshot, target: SchemaSnapshot, renames: RenameHints): SchemaMatch {
  const entities = matchMembers(old.entities, target.entities, (e) => e.name, (e) => renames.entities[e.name])
  const entityNames = new Map(entities.matched.map((p) => [p.old.name, p.new.name]))
  const sameTarget = (o: { target: string }, n: { target: string }): boolean => entityNames.get(o.target) === n.target
  const tables = entities.matched.map((pair): TableMatch => {
    const name = pair.new.name
    return {
      ...pair,
      columns: matchMembers(pair.old.columns, pair.new.columns, (c) => c.attribute, (c) => renames.attributes[`${name}.${c.attribute}`]),
      references: matchMembers(
        pair.old.references,
        pair.new.references,
        (r) => r.association,
        (r) => renames.associations[`${name}.${r.association}`],
        sameTarget,
      ),
      junctions: matchMembers(
        pair.old.junctions,
        pair.new.junctions,
        (j) => j.association,
        (j) => renames.associations[`${name}.${j.association}`],
        sameTarget,
      ),
    }
  })
  return { tables, created: entities.added, dropped: entities.dropped, entityNames }
}

function matchMembers<T>(
  olds: readonly T[],
  news: readonly T[],
  key: (t: T) => string,
  renamedFrom: (t: T) => string | undefined,
  sameIdentity: (o: T, n: T) => boolean = () => true,
): MemberChanges<T> {
  const oldByKey = new Map(olds.map((o) => [key(o), o]))
  const pairs = new Map<T, T>()
  const claimed = new Set<T>()
  const claim = (n: T, o: T | undefined): void => {
    if (o === undefined || claimed.has(o) || pairs.has(n) || !sameIdentity(o, n)) return
    claimed.add(o)
    pairs.set(n, o)
  }
  // Renames first: the old name goes to the element that says it was renamed from it,
  // even when the model gives that name to a new element in the same change.
  for (const n of news) {
    const from = renamedFrom(n)
    if (from !== undefined && !oldByKey.has(key(n))) claim(n, oldByKey.get(from))
  }
  for (const n of news) claim(n, oldByKey.get(key(n)))
  return {
    matched: news.flatMap((n) => {
      const o = pairs.get(n)
      return o === undefined ? [] : [{ old: o, new: n }]
    }),
    added: news.filter((n) => !pairs.has(n)),
    dropped: olds.filter((o) => !claimed.has(o)),
  }
}
