/** Paths of the grammar and of the files generated from it. */
export declare const GRAMMAR_FILES: Readonly<{ grammar: string; source: string; types: string }>
/** The rules the TypeScript wrapper may start from. */
export declare const START_RULES: readonly string[]
/** The generated parser source and its type declarations for a grammar text. */
export declare function buildGrammar(grammarText: string): { source: string; types: string }
