// generated from odata.peggy; run npm run grammar
// Hand-maintained in scripts/build-odata-grammar.mjs: the types of the generated parser.

/** A rule the parser can start from. */
export type StartRule = 'filter' | 'orderby' | 'select' | 'expand' | 'search' | 'apply' | 'compute' | 'aliasValue' | 'resourcePath'

/** What a grammar action reports through `reject`. */
export type RejectCode = 'ODATA_SYNTAX' | 'ODATA_NOT_SUPPORTED' | 'ODATA_TOO_COMPLEX'

export interface GrammarOptions {
  readonly startRule: StartRule
  /** Deepest allowed nesting of brackets and unary operators. */
  readonly maxDepth: number
  /** Raises the error for a construct at `offset` (0-based); must throw. */
  readonly reject: (code: RejectCode, message: string, offset: number) => never
  /** The value of parameter alias `@name`: a list after `in`, a single value elsewhere. Must throw when unknown. */
  readonly alias?: (name: string, offset: number, wanted: 'value' | 'list') => unknown
}

export interface GrammarPosition {
  readonly offset: number
  readonly line: number
  readonly column: number
}

export interface GrammarLocation {
  readonly start: GrammarPosition
  readonly end: GrammarPosition
}

export type GrammarExpectation =
  | { readonly type: 'literal'; readonly text: string; readonly ignoreCase: boolean }
  | { readonly type: 'class'; readonly parts: readonly unknown[]; readonly inverted: boolean; readonly ignoreCase: boolean }
  | { readonly type: 'any' }
  | { readonly type: 'end' }
  | { readonly type: 'other'; readonly description: string }

/** Raised when the input does not match the grammar. */
export declare class SyntaxError extends Error {
  readonly expected: readonly GrammarExpectation[] | null
  readonly found: string | null
  readonly location: GrammarLocation
}

export declare const StartRules: readonly StartRule[]

/** Parses `input` from `options.startRule`; the result is plain, unfrozen data. */
export declare function parse(input: string, options: GrammarOptions): unknown
