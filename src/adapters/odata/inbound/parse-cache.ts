import { BoundedCache } from '../../../support/bounded-cache.js'
import { completeOptionNames } from './option-names.js'
import { parseQueryOptions, parseResourcePath, type AliasValues, type QueryOptions, type ResourcePath } from '../parser/index.js'

/**
 * Remembers parsed resource paths and query strings by their text. Clients repeat the same
 * requests (a dashboard refreshing, a report paging through its key range), and parsing is
 * the largest fixed cost of a simple read; the parsed values are deeply frozen, so sharing
 * them is safe. Failures are not remembered. The oldest entry goes when the cache is full.
 */
export interface ParseCache {
  /** The query options of a raw query string (system options may lack their `$`). */
  options(query: string): QueryOptions
  path(path: string, aliases: AliasValues): ResourcePath
}

export function createParseCache(max = 2000): ParseCache {
  const options = new BoundedCache<QueryOptions>(max)
  const paths = new BoundedCache<ResourcePath>(max)
  return {
    options: (query) => options.get(query) ?? options.set(query, parseQueryOptions(completeOptionNames(query))),
    // A path that refers to parameter aliases depends on the query string too.
    path: (path, aliases) => (path.includes('@') ? parseResourcePath(path, { aliases }) : (paths.get(path) ?? paths.set(path, parseResourcePath(path)))),
  }
}
