import type { EntityOperations, Row } from '../../../kernel/index.js'
import type { Navigation } from '../../../model/index.js'
import type { Expr } from '../../../query/index.js'

const idEquals = (id: unknown, variable?: string): Expr => ({
  kind: 'compare',
  op: 'eq',
  left: { kind: 'property', path: ['id'], ...(variable ? { variable } : {}) },
  right: { kind: 'literal', value: id as number | null },
})

/**
 * The filter on a navigation's target entity that selects the objects related to one parent
 * object, so that `/Orders(1)/lines` is an ordinary query on the lines (with keyset paging,
 * filters and counts). A reference set without a declared inverse is read through the parent.
 */
export async function relationFilter(nav: Navigation, parent: Row, ops: EntityOperations): Promise<Expr> {
  const a = nav.association
  if (nav.direction === 'forward' && nav.cardinality === 'one') {
    const fk = parent[nav.name]
    return idEquals(fk !== null && typeof fk === 'object' ? (fk as Row).id : (fk ?? null))
  }
  if (a.kind !== 'referenceSet') return { kind: 'compare', op: 'eq', left: { kind: 'property', path: [a.name] }, right: { kind: 'literal', value: parent.id as number } }
  if (nav.direction === 'inverse') return { kind: 'any', path: [a.name], as: 'o', predicate: idEquals(parent.id, 'o') }
  if (a.inverse) return { kind: 'any', path: [a.inverse], as: 'o', predicate: idEquals(parent.id, 'o') }
  const { rows } = await ops.query({
    entity: nav.source.qualifiedName,
    filter: idEquals(parent.id),
    select: ['id'],
    expand: [{ navigation: nav.name, query: { select: ['id'] } }],
  })
  const ids = ((rows[0]?.[nav.name] as Row[] | undefined) ?? []).map((r) => ({ kind: 'literal', value: r.id as number }) as Expr)
  return { kind: 'in', operand: { kind: 'property', path: ['id'] }, values: ids }
}
