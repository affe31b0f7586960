import type { Literal } from './ast.js'
import { compareForSort } from './scalar-semantics.js'
import type { TypedSortItem } from './typed-query.js'

/** Compares two sort-key tuples in sort order (nulls first ascending): negative when `a` comes first. */
export function compareKeys(a: readonly Literal[], b: readonly Literal[], orderBy: readonly TypedSortItem[]): number {
  for (let i = 0; i < orderBy.length; i++) {
    const c = compareForSort(a[i] ?? null, b[i] ?? null, (orderBy[i] as TypedSortItem).direction)
    if (c !== 0) return c
  }
  return 0
}

/** The page `skip`/`top` select from ordered rows. */
export function slicePage<T>(rows: readonly T[], skip: number | undefined, top: number | undefined): T[] {
  const from = skip ?? 0
  return rows.slice(from, top === undefined ? undefined : from + top)
}

/** Rows and count in the shape the store's query engine returns. */
export interface EvaluationResult {
  readonly rows: Record<string, unknown>[]
  readonly count?: number
}
