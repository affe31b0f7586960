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
      return bindFields(rebase(node, scope), [...scope, String(node.as)])
    default:
      return bindFields(node, scope)
  }
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
