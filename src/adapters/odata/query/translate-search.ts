import { asciiLower, type Expr } from '../../../query/index.js'
import type { SearchExpr } from '../parser/index.js'
import type { ODataEntitySet } from '../service/service-model.js'

/**
 * `$search` as a filter (docs/odata.md, "Search"): a word or phrase matches an entity when it
 * occurs, ASCII case-insensitively, in at least one exposed String property of its set (never
 * in members the set does not expose); NOT, AND and OR combine matches. A set without String
 * properties matches nothing for a word. The result is an ordinary query expression, so the
 * store binds every term as a parameter.
 */
export function searchFilter(search: SearchExpr, set: ODataEntitySet): Expr {
  switch (search.kind) {
    case 'term':
    case 'phrase':
      return termFilter(search.value, set)
    case 'and':
    case 'or':
      return { kind: search.kind, operands: search.operands.map((s) => searchFilter(s, set)) }
    case 'not':
      return { kind: 'not', operand: searchFilter(search.operand, set) }
  }
}

function termFilter(term: string, set: ODataEntitySet): Expr {
  const needle: Expr = { kind: 'literal', value: asciiLower(term), type: 'String' }
  const texts = set.properties.filter((p) => p.attribute !== undefined && p.type.name === 'Edm.String' && p.type.enumeration === undefined)
  const matches: Expr[] = texts.map((p) => ({
    kind: 'call',
    name: 'contains',
    args: [{ kind: 'call', name: 'tolower', args: [{ kind: 'property', path: [p.member] }] }, needle],
  }))
  if (matches.length === 0) return { kind: 'compare', op: 'eq', left: { kind: 'literal', value: true }, right: { kind: 'literal', value: false } }
  return matches.length === 1 ? (matches[0] as Expr) : { kind: 'or', operands: matches }
}
