import type { ExpandItem } from '../query/index.js'
import type { ResolvedField } from './resolve-field.js'

/**
 * What an export needs expanded in the rows it is given: every lookup's target (for its
 * key) and every nested association, with the members the mapping writes. The caller adds
 * it to the query that reads the rows.
 */
export function exportExpand(fields: readonly ResolvedField[]): ExpandItem[] {
  const items: ExpandItem[] = []
  for (const f of fields) {
    if (f.kind === 'lookup') items.push({ navigation: f.field.member, query: { select: [f.key.name] } })
    if (f.kind === 'nested') {
      const select = f.fields.flatMap((c) => (c.kind === 'attribute' || c.kind === 'reference' ? [c.field.member] : []))
      const expand = exportExpand(f.fields)
      items.push({ navigation: f.field.member, query: { ...(select.length > 0 ? { select } : {}), ...(expand.length > 0 ? { expand } : {}) } })
    }
  }
  return items
}
