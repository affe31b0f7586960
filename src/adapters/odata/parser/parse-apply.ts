import type { AggregateItem, ComputeItem, Expr, PropertyExpr, SortItem } from '../../../query/index.js'
import type { ParseOptions } from './parser-options.js'
import type { SearchExpr } from './parse-search.js'
import { runOption } from './run-grammar.js'

/** `topcount(n, expr)` and its relatives: keep the rows with the largest or smallest `by`. */
export type RankTransformation = 'topcount' | 'topsum' | 'toppercent' | 'bottomcount' | 'bottomsum' | 'bottompercent'

/**
 * One transformation of an `$apply` pipeline (OData aggregation extension). `average` is
 * reported as `avg` and `$count as n` as `{ op: 'count', as: 'n' }`, as in the query AST.
 */
export type ApplyStep =
  | { readonly kind: 'aggregate'; readonly aggregates: readonly AggregateItem[] }
  | {
      readonly kind: 'groupby'
      readonly groupBy: readonly PropertyExpr[]
      /** The transformations applied to each group, e.g. `aggregate(...)`. */
      readonly then?: readonly ApplyStep[]
    }
  | { readonly kind: 'filter'; readonly filter: Expr }
  | { readonly kind: 'search'; readonly search: SearchExpr }
  | { readonly kind: 'compute'; readonly compute: readonly ComputeItem[] }
  | { readonly kind: 'orderby'; readonly orderBy: readonly SortItem[] }
  | { readonly kind: 'top' | 'skip'; readonly count: number }
  | { readonly kind: RankTransformation; readonly threshold: Expr; readonly by: Expr }
  | { readonly kind: 'identity' }

/** Parses an `$apply` value: transformations separated by `/`. */
export function parseApply(text: string, options?: ParseOptions): readonly ApplyStep[] {
  return runOption('apply', '$apply', text, options) as readonly ApplyStep[]
}
