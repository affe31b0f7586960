import type { ComputeItem, Expr, LiteralExpr, SortItem } from '../../../query/index.js'
import type { SearchExpr } from './parse-search.js'
import type { ParseOptions } from './parser-options.js'
import { runOption } from './run-grammar.js'

/**
 * A literal as the parser produces it. Enum literals (`Ns.Color'Red'`) have `type: 'Enum'`,
 * the member name as `value` and the qualified type as written in `enumType`.
 */
export interface OdataLiteralExpr extends LiteralExpr {
  readonly enumType?: string
}

/**
 * What a `count` node of a parsed expression may carry beyond the query AST: the `$search` of
 * `lines/$count($search=blue)`, which only the adapter can turn into a filter (it knows which
 * properties are searchable).
 */
export interface CountSearch {
  readonly search?: SearchExpr
}

/**
 * Parses a `$filter` value (already percent-decoded) into a query expression. Names stay as
 * written in the URL; the adapter maps them to model names and checks types.
 *
 * @throws PorticoError `ODATA_SYNTAX`, `ODATA_NOT_SUPPORTED` or `ODATA_TOO_COMPLEX`
 */
export function parseFilter(text: string, options?: ParseOptions): Expr {
  return runOption('filter', '$filter', text, options) as Expr
}

/** Parses an `$orderby` value: expressions, each optionally followed by `asc` or `desc`. */
export function parseOrderBy(text: string, options?: ParseOptions): readonly SortItem[] {
  return runOption('orderby', '$orderby', text, options) as readonly SortItem[]
}

/** Parses a `$compute` value: `expression as alias`, comma-separated. */
export function parseCompute(text: string, options?: ParseOptions): readonly ComputeItem[] {
  return runOption('compute', '$compute', text, options) as readonly ComputeItem[]
}
