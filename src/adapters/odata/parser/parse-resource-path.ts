import type { Expr } from '../../../query/index.js'
import type { OdataLiteralExpr } from './parse-expression.js'
import type { ParseOptions } from './parser-options.js'
import { runOption } from './run-grammar.js'

/**
 * Arguments in parentheses after a name: a single key value (`Products(5)`), or named values
 * (`OrderLines(order=1,lineNo=2)`, `Ns.Fn(p=1)`, `Fn()`). Which one is a key and which a
 * function call is up to the adapter, which knows the service.
 */
export type PathArguments =
  | { readonly kind: 'key'; readonly value: OdataLiteralExpr }
  | { readonly kind: 'named'; readonly values: readonly { readonly name: string; readonly value: OdataLiteralExpr }[] }

/**
 * One segment of a resource path. Names are as written (entity sets, navigations, properties,
 * qualified operations or type casts) or, after a collection, a key value as a segment
 * (`Products/5`, `People/O'Neil`): which one is up to the adapter. `filter` is a `/$filter(…)`
 * segment with its expression (names as written, aliases substituted).
 */
export type PathSegment =
  | { readonly kind: 'name'; readonly name: string; readonly args?: PathArguments }
  | { readonly kind: 'count' | 'value' | 'ref' | 'entity' | 'each' | 'query' }
  | { readonly kind: 'filter'; readonly filter: Expr }

/**
 * A parsed resource path: the service document, `$metadata`, `$batch`, a cross join of
 * entity sets (`$crossjoin(Products,Categories)`), all entities (`$all`, optionally with a
 * type cast `$all/Ns.Type`) or segments.
 */
export type ResourcePath =
  | { readonly kind: 'service' | 'metadata' | 'batch' }
  | { readonly kind: 'crossjoin'; readonly sets: readonly string[] }
  | { readonly kind: 'all'; readonly cast?: string }
  | { readonly kind: 'resource'; readonly segments: readonly PathSegment[] }

/**
 * Parses the resource path relative to the service root (leading `/` optional). Pass the
 * path percent-decoded once as a whole: quoted key values may then contain `/`, `(` or `)`
 * (a key value as a segment cannot hold `/`, `(` or `)`). `$count`, `$value`, `$ref`, `$each`
 * and `$query` must be the last segment, `$entity` the first (followed at most by a type name).
 */
export function parseResourcePath(path: string, options?: ParseOptions): ResourcePath {
  return runOption('resourcePath', 'resource path', path, options) as ResourcePath
}
