import type { ParseOptions } from './parser-options.js'
import { runOption } from './run-grammar.js'

/**
 * A free-text search: words and "quoted phrases" combined with NOT, AND (also implicit,
 * between adjacent terms) and OR, in that order of precedence. What matches is up to the
 * service.
 */
export type SearchExpr =
  | { readonly kind: 'term' | 'phrase'; readonly value: string }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly SearchExpr[] }
  | { readonly kind: 'not'; readonly operand: SearchExpr }

/** Parses a `$search` value. */
export function parseSearch(text: string, options?: ParseOptions): SearchExpr {
  return runOption('search', '$search', text, options) as SearchExpr
}
