import type { EntityModel, ModelIndex } from '../model/index.js'
import type { Literal, Query, QueryLimits } from './ast.js'
import { DEFAULT_LIMITS } from './ast.js'
import { checkAggregation } from './check-aggregation.js'
import { checkSubQuery } from './check-sub-query.js'
import { queryErrors } from './errors.js'
import { normaliseLiteral } from './literal-values.js'
import { checkLimits } from './query-limits.js'
import type { TypedQuery, TypedSortItem, ValueInfo } from './typed-query.js'
import { describeType } from './value-types.js'

/** Options of `checkQuery` beyond the limits. */
export interface CheckOptions {
  /**
   * Numbers for literal nodes (by identity). Each typed literal made from a numbered node
   * carries its number, so a compiler can tell which bound value came from which literal
   * and reuse its SQL for queries of the same shape.
   */
  readonly slots?: ReadonlyMap<object, number>
}

/**
 * Checks a query against the model and the limits and returns its typed form. Everything a
 * query can get wrong (unknown members, type errors, bad literals, limits) is reported here,
 * before any SQL is generated, as a PorticoError of the `query` catalogue. The typed tree
 * is plain data shared with the model; it is typed readonly and never changed after.
 */
export function checkQuery(query: Query, index: ModelIndex, limits: QueryLimits = DEFAULT_LIMITS, options: CheckOptions = {}): TypedQuery {
  checkLimits(query, limits)
  const entity = persistentEntity(index, query.entity)
  if (query.aggregate) return checkAggregation(query, entity, index, options.slots)
  const sub = checkSubQuery(query, entity, index, options.slots)
  const after = query.after === undefined ? undefined : checkAfter(query.after, sub.orderBy, index)
  return after ? { ...sub, after } : sub
}

export function persistentEntity(index: ModelIndex, name: string): EntityModel {
  const entity = typeof name === 'string' ? index.entity(name) : undefined
  if (!entity || !entity.persistent) {
    const known = index.entities.filter((e) => e.persistent).map((e) => e.qualifiedName)
    throw queryErrors.create('QUERY_UNKNOWN_ENTITY', `'${name}' is not a persistent entity; entities: ${known.join(', ')}`, { target: String(name) })
  }
  return entity
}

/** The keyset cursor: one value per sort key, the id last, each read as its key's type. */
function checkAfter(after: readonly Literal[], orderBy: readonly TypedSortItem[], index: ModelIndex): Literal[] {
  if (!Array.isArray(after) || after.length !== orderBy.length) {
    const got = Array.isArray(after) ? after.length : 'no list'
    throw queryErrors.create('QUERY_BAD_CURSOR', `after needs ${orderBy.length} values (one per sort key, then the id), got ${got}`, { target: 'after' })
  }
  return after.map((value, i) => normaliseCursorValue(value, (orderBy[i] as TypedSortItem).expr.info, i, index))
}

/** One cursor value read as the type of its sort key; QUERY_BAD_CURSOR when it is not one. */
export function normaliseCursorValue(value: Literal, info: ValueInfo, position: number, index: ModelIndex): Literal {
  if (value === null) {
    if (!info.nullable && info.type !== 'Null') throw queryErrors.create('QUERY_BAD_CURSOR', `after value ${position + 1} is null but its sort key is never null`, { target: 'after' })
    return null
  }
  if (info.type === 'Null') throw queryErrors.create('QUERY_BAD_CURSOR', `after value ${position + 1} must be null`, { target: 'after' })
  try {
    const enumeration = info.enumeration ? index.enumeration(info.enumeration) : undefined
    return normaliseLiteral(value, info.type, enumeration ? { enumeration } : {})
  } catch (error) {
    throw queryErrors.create('QUERY_BAD_CURSOR', `after value ${position + 1} does not match its sort key (${describeType(info)}): ${(error as Error).message}`, { target: 'after', cause: error })
  }
}
