type Node = Readonly<Record<string, unknown>>

/**
 * Resolves names the grammar left as written: a path whose first segment is an enclosing
 * lambda variable becomes `{ variable, path: rest }`, and `$it` (the root) loses its marker.
 * Returns new nodes; the input (possibly holding frozen alias values) is not changed.
 */
export function bindVariables(value: unknown, scope: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((item) => bindVariables(item, scope))
  if (typeof value !== 'object' || value === null) return value
  const node = value as Node
  switch (node.kind) {
    case 'property':
    case 'count':
      return bindFields(rebase(node, scope), scope)
    case 'any':
    case 'all':
      return bindFields(rebase(withPathFilter(node, scope), scope), [...scope, String(node.as)])
    default:
      return bindFields(node, scope)
  }
}

/**
 * `lines/$filter(a)/any(l: p)` is `lines/any(l: a' and p)` and `…/all(l: p)` is
 * `all(l: not a' or p)`, where a' is a with its element-relative paths under `l`; `any()`
 * becomes `any($any: a')`.
 */
function withPathFilter(node: Node, scope: readonly string[]): Node {
  if (node.filter === undefined) return node
  const { filter, ...lambda } = node
  const as = String(node.as)
  const own = underVariable(filter, as, scope) as Node
  const predicate = lambda.predicate as Node | undefined
  if (predicate === undefined) return { ...lambda, predicate: own }
  return { ...lambda, predicate: node.kind === 'any' ? { kind: 'and', operands: [own, predicate] } : { kind: 'or', operands: [{ kind: 'not', operand: own }, predicate] } }
}

/** Puts `as` before every path of `value` that does not start with a variable in scope (outer or of a lambda inside). */
function underVariable(value: unknown, as: string, scope: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => underVariable(item, as, scope))
  if (typeof value !== 'object' || value === null) return value
  const node = value as Node
  if (node.kind === 'literal') return node
  const inner = node.kind === 'any' || node.kind === 'all' ? [...scope, String(node.as)] : scope
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(node)) out[key] = key === 'path' ? field : underVariable(field, as, key === 'predicate' ? inner : scope)
  const path = node.path as readonly string[] | undefined
  const pathed = node.kind === 'property' || node.kind === 'count' || node.kind === 'any' || node.kind === 'all'
  if (pathed && path && node.variable === undefined && !scope.includes(path[0] as string)) out.path = [as, ...path]
  return out
}

function bindFields(node: Node, scope: readonly string[]): Node {
  return Object.fromEntries(Object.entries(node).map(([key, field]) => [key, bindVariables(field, scope)]))
}

function rebase(node: Node, scope: readonly string[]): Node {
  const path = node.path as readonly string[]
  if (node.variable === '$it') {
    const { variable: _root, ...rest } = node
    return rest
  }
  const [head, ...tail] = path
  if (node.variable !== undefined || head === undefined || !scope.includes(head)) return node
  return { ...node, variable: head, path: tail }
}

/** Binds the variables of the `/$filter(…)` expressions of a parsed resource path (the rest has none). */
export function bindPathFilters(path: unknown): unknown {
  const node = path as Node
  if (node.kind !== 'resource') return path
  const segments = node.segments as readonly Node[]
  return { ...node, segments: segments.map((s) => (s.kind === 'filter' ? { ...s, filter: bindVariables(s.filter) } : s)) }
}
