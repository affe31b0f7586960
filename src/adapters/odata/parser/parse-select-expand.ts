import type { ComputeItem, Expr, SortItem } from '../../../query/index.js'
import type { ParseOptions } from './parser-options.js'
import type { SearchExpr } from './parse-search.js'
import { expandResolver } from './nested-aliases.js'
import { resolveFrom, runGrammar, runOption } from './run-grammar.js'

/** One `$select` item: `*`, or a path of names as written (`address/city`, `Ns.Derived/name`). */
export type SelectItem = { readonly kind: 'star' } | { readonly kind: 'path'; readonly path: readonly string[] }

/** Options inside an expand item's parentheses. */
export interface ExpandQuery {
  readonly filter?: Expr
  readonly search?: SearchExpr
  readonly orderBy?: readonly SortItem[]
  readonly top?: number
  readonly skip?: number
  readonly count?: boolean
  readonly select?: readonly SelectItem[]
  readonly expand?: readonly ExpandOption[]
  readonly compute?: readonly ComputeItem[]
  /** `$levels`: how often to repeat a cyclic expand; `max` leaves it to the service's limit. */
  readonly levels?: number | 'max'
}

/**
 * One `$expand` item. `path` is the navigation as written (`['customer']`,
 * `['address', 'country']`, with type-cast segments kept); it is empty for `*`.
 * `suffix` asks for references only (`$ref`) or for the number of related objects (`$count`).
 */
export interface ExpandOption {
  readonly kind: 'path' | 'star'
  readonly path: readonly string[]
  readonly suffix?: '$ref' | '$count'
  readonly query: ExpandQuery
}

/** Parses a `$select` value. Nested select options (`address($select=city)`) are not supported. */
export function parseSelect(text: string, options?: ParseOptions): readonly SelectItem[] {
  return runOption('select', '$select', text, options) as readonly SelectItem[]
}

/**
 * Parses an `$expand` value with nested options `($filter=...;$select=...;$orderby=...;$top=...;
 * $skip=...;$count=...;$expand=...;$levels=...;$search=...;$compute=...)`, to any depth
 * within the nesting limit.
 */
export function parseExpand(text: string, options?: ParseOptions): readonly ExpandOption[] {
  const option = options?.option ?? '$expand'
  return runGrammar({ rule: 'expand', option, text, limits: options, resolveAlias: expandResolver(option, text, options, resolveFrom(options?.aliases)) }) as readonly ExpandOption[]
}
