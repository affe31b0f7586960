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

/** One segment of a resource path; names are as written (entity sets, navigations, properties, qualified operations or type casts). */
export type PathSegment =
  | { readonly kind: 'name'; readonly name: string; readonly args?: PathArguments }
  | { readonly kind: 'count' | 'value' | 'ref' }

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
 * path percent-decoded once as a whole: quoted key values may then contain `/`, `(` or `)`.
 * `$count`, `$value` and `$ref` must be the last segment; key-as-segment (`/Products/5`) is
 * not supported.
 */
export function parseResourcePath(path: string, options?: ParseOptions): ResourcePath {
  return runOption('resourcePath', 'resource path', path, options) as ResourcePath
}
