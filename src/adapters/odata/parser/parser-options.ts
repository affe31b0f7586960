import type { Expr } from '../../../query/index.js'

/** Limits enforced while parsing, before any AST is built. */
export interface ParserLimits {
  /** Longest accepted text of one option, in characters. */
  readonly maxLength: number
  /** Deepest accepted nesting of parentheses, brackets, nested options and unary operators. */
  readonly maxDepth: number
}

export const DEFAULT_PARSER_LIMITS: ParserLimits = Object.freeze({ maxLength: 8000, maxDepth: 50 })

/** The value of a parameter alias: an expression, or a list (`@p=[1,2]`) usable after `in`. */
export type AliasValue = Expr | readonly Expr[]

/** Parameter aliases by name without the `@`. */
export type AliasValues = Readonly<Record<string, AliasValue>> | ReadonlyMap<string, AliasValue>

/** Options of the single-option parse functions. */
export interface ParseOptions extends Partial<ParserLimits> {
  /** Values of `@alias` references; an alias that is not here is an error. */
  readonly aliases?: AliasValues
  /** How error messages name the text, e.g. `$filter` (the default of `parseFilter`). */
  readonly option?: string
}
