const SYSTEM_OPTIONS = new Set(['filter', 'select', 'expand', 'orderby', 'top', 'skip', 'count', 'search', 'apply', 'compute', 'format', 'skiptoken', 'index'])

/**
 * OData 4.01 lets clients leave out the `$` of system query options (`filter=…`); the parser
 * reads only the `$` form, so the names are completed here. Such names are reserved in 4.01.
 */
export function completeOptionNames(query: string): string {
  return query
    .split('&')
    .map((part) => {
      const name = part.split('=', 1)[0] ?? ''
      return SYSTEM_OPTIONS.has(name.toLowerCase()) ? `$${part}` : part
    })
    .join('&')
}
