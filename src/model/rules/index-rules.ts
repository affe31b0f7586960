import type { CheckRule } from '../checker.js'
import type { ModelIndex } from '../model-index.js'
import type { AppModel, EntityModel, IndexModel, SourcePosition } from '../types.js'
import { didYouMean } from './closest-name.js'
import { declaredEntities, where } from './declared-elements.js'
import { entityNodePosition } from './source-position.js'

/** One member of one index; its position is looked up only when it is reported. */
interface IndexMember {
  readonly entity: EntityModel
  readonly index: IndexModel
  readonly name: string
  /** Where the member is written: its item in the members list. */
  pos(): SourcePosition
}

/** Visits every member of every index. */
function forEachIndexMember(model: AppModel, visit: (member: IndexMember) => void): void {
  for (const entity of declaredEntities(model)) {
    entity.indexes.forEach((index, i) =>
      index.members.forEach((name, j) =>
        visit({ entity, index, name, pos: () => entityNodePosition(model, entity, ['indexes', i, 'members', j], index.pos) }),
      ),
    )
  }
}

/** The attribute type of an index member, or undefined when it is not an attribute. */
function memberType(m: IndexMember, index: ModelIndex): string | undefined {
  return index.attribute(m.entity, m.name)?.type.kind
}

/** An index covers columns: attributes and the reference columns of associations. */
export const unknownIndexMemberRule: CheckRule = {
  code: 'PD137',
  severity: 'error',
  title: 'Index member is not a column of the entity',
  description:
    'The members of an index are attributes of the entity or its reference and one-to-one associations (stored as a column). A referenceSet lives in its own junction table, which the store indexes already. Correct the member name or remove it.',
  check(ctx) {
    forEachIndexMember(ctx.model, (m) => {
      if (ctx.index.attribute(m.entity, m.name)) return
      const association = m.entity.associations.find((a) => a.name === m.name)
      if (association?.kind === 'referenceSet') {
        ctx.report(m.pos(), `index member '${m.name}' of ${m.entity.qualifiedName} is a referenceSet, stored in its own junction table (already indexed); remove it from the index`)
      } else if (!association) {
        const columns = [...m.entity.attributes.map((a) => a.name), ...m.entity.associations.filter((a) => a.kind !== 'referenceSet').map((a) => a.name)]
        ctx.report(
          m.pos(),
          `index member '${m.name}' of ${m.entity.qualifiedName} is not an attribute or reference of the entity${didYouMean(m.name, columns) || `; members: ${columns.join(', ')}`}`,
        )
      }
    })
  },
}

/** What an index is for, when the store creates it anyway: one unique attribute or one reference. */
function implicitIndex(entity: EntityModel, index: IndexModel): string | undefined {
  if (index.members.length !== 1) return undefined
  const name = index.members[0]
  if (name === 'id' && entity.persistent) return 'the primary key'
  if (entity.attributes.some((a) => a.name === name && a.unique)) return `the unique index the store creates for unique attribute '${name}'`
  if (entity.associations.some((a) => a.name === name && a.kind !== 'referenceSet')) return `the index the store creates for every reference column ('${name}')`
  return undefined
}

/** The same index twice costs every write and, under one name, fails schema sync. */
export const duplicateIndexRule: CheckRule = {
  code: 'PD138',
  severity: 'error',
  title: 'Duplicate index',
  description:
    'An index has the same members in the same order as another index of the entity, or as an index the store creates by itself (one per unique attribute and one per reference column). Duplicate indexes slow every write, and the store names indexes after their columns, so two of them fail schema sync. Remove the duplicate (to make a reference unique, use a oneToOne).',
  check(ctx) {
    for (const entity of declaredEntities(ctx.model)) {
      const first = new Map<string, IndexModel>()
      for (const index of entity.indexes) {
        const key = index.members.join('\u0000')
        const earlier = first.get(key)
        const implicit = entity.persistent ? implicitIndex(entity, index) : undefined
        const members = index.members.join(', ')
        if (earlier) ctx.report(index.pos, `index (${members}) of ${entity.qualifiedName} repeats the index at ${where(earlier.pos)}; remove one`)
        else if (implicit) ctx.report(index.pos, `index (${members}) of ${entity.qualifiedName} repeats ${implicit}; remove it`)
        first.set(key, earlier ?? index)
      }
    }
  },
}

/** Only a table can be indexed. */
export const transientIndexRule: CheckRule = {
  code: 'PD139',
  severity: 'error',
  title: 'Index on a non-persistent entity',
  description: 'A non-persistent entity has no table, so its indexes (and the uniqueness a unique index promises) would silently do nothing. Remove the indexes or make the entity persistent.',
  check(ctx) {
    for (const entity of declaredEntities(ctx.model)) {
      if (entity.persistent) continue
      for (const index of entity.indexes) {
        ctx.report(index.pos, `${entity.qualifiedName} is not persistent, so it has no table for index (${index.members.join(', ')}); remove the index or make the entity persistent`)
      }
    }
  },
}

/** Binary columns make no index key. */
export const binaryIndexRule: CheckRule = {
  code: 'PD140',
  severity: 'error',
  title: 'Index on a Binary attribute',
  description: 'Binary data is not compared or searched by value, and large values exceed the index entry limit, so a Binary attribute cannot be an index member. Remove it from the index (index a hash of the data in a String attribute if lookups need it).',
  check(ctx) {
    forEachIndexMember(ctx.model, (m) => {
      if (memberType(m, ctx.index) !== 'Binary') return
      ctx.report(m.pos(), `index member '${m.name}' of ${m.entity.qualifiedName} is Binary, which cannot be indexed; remove it from the index`)
    })
  },
}

/** Long text makes a poor index key. */
export const textIndexRule: CheckRule = {
  code: 'PD141',
  severity: 'warning',
  title: 'Index on a Text attribute',
  description: 'Index entries have a size limit (about 2.7 kB in PostgreSQL), so a long Text value in an indexed column cannot be written. Use String(n) for attributes that are indexed.',
  check(ctx) {
    forEachIndexMember(ctx.model, (m) => {
      if (memberType(m, ctx.index) !== 'Text') return
      ctx.report(m.pos(), `index member '${m.name}' of ${m.entity.qualifiedName} is Text; long values exceed the index entry limit and cannot be written: use String(n)`)
    })
  },
}

/** Rules on declared indexes (PD137–PD141). */
export const indexRules: readonly CheckRule[] = [unknownIndexMemberRule, duplicateIndexRule, transientIndexRule, binaryIndexRule, textIndexRule]
