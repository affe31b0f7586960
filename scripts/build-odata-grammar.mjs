// Generates the OData URL parser from src/adapters/odata/parser/odata.peggy.
// Run `npm run grammar` after changing the grammar; a test fails when the committed
// generated files differ from what this script produces.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import peggy from 'peggy'

const PARSER_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'adapters', 'odata', 'parser')

/** Where the grammar and the generated files live. */
export const GRAMMAR_FILES = Object.freeze({
  grammar: join(PARSER_DIR, 'odata.peggy'),
  source: join(PARSER_DIR, 'odata-grammar.generated.js'),
  types: join(PARSER_DIR, 'odata-grammar.generated.d.ts'),
})

/** The rules the TypeScript wrapper may start from, one per option kind. */
export const START_RULES = Object.freeze([
  'filter',
  'orderby',
  'select',
  'expand',
  'search',
  'apply',
  'compute',
  'aliasValue',
  'resourcePath',
])

const HEADER = '// generated from odata.peggy; run npm run grammar\n'

const TYPES = `${HEADER}// Hand-maintained in scripts/build-odata-grammar.mjs: the types of the generated parser.

/** A rule the parser can start from. */
export type StartRule = ${START_RULES.map((rule) => `'${rule}'`).join(' | ')}

/** What a grammar action reports through \`reject\`. */
export type RejectCode = 'ODATA_SYNTAX' | 'ODATA_NOT_SUPPORTED' | 'ODATA_TOO_COMPLEX'

export interface GrammarOptions {
  readonly startRule: StartRule
  /** Deepest allowed nesting of brackets and unary operators. */
  readonly maxDepth: number
  /** Raises the error for a construct at \`offset\` (0-based); must throw. */
  readonly reject: (code: RejectCode, message: string, offset: number) => never
  /** The value of parameter alias \`@name\`: a list after \`in\`, a single value elsewhere. Must throw when unknown. */
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

/** Parses \`input\` from \`options.startRule\`; the result is plain, unfrozen data. */
export declare function parse(input: string, options: GrammarOptions): unknown
`

/** The generated parser source and its type declarations for a grammar text. */
export function buildGrammar(grammarText) {
  const source = peggy.generate(grammarText, {
    output: 'source',
    format: 'es',
    allowedStartRules: [...START_RULES],
    grammarSource: 'odata.peggy',
  })
  return { source: HEADER + source, types: TYPES }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { source, types } = buildGrammar(readFileSync(GRAMMAR_FILES.grammar, 'utf8'))
  writeFileSync(GRAMMAR_FILES.source, source)
  writeFileSync(GRAMMAR_FILES.types, types)
  console.log(`wrote ${GRAMMAR_FILES.source} and its .d.ts`)
}
