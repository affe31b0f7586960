/**
 * The strongly connected components of a directed graph (Tarjan), in one pass over nodes
 * and edges, so cycle checks stay linear in the size of the model.
 */
export function stronglyConnectedComponents<T>(nodes: readonly T[], successors: (node: T) => readonly T[]): T[][] {
  const index = new Map<T, number>()
  const low = new Map<T, number>()
  const stack: T[] = []
  const onStack = new Set<T>()
  const components: T[][] = []
  const visit = (node: T): void => {
    index.set(node, index.size)
    low.set(node, index.get(node) ?? 0)
    stack.push(node)
    onStack.add(node)
    for (const next of successors(node)) {
      if (!index.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0))
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0))
      }
    }
    if (low.get(node) !== index.get(node)) return
    const component: T[] = []
    let top: T | undefined
    do {
      top = stack.pop()
      if (top === undefined) break
      onStack.delete(top)
      component.push(top)
    } while (top !== node)
    components.push(component)
  }
  for (const node of nodes) if (!index.has(node)) visit(node)
  return components
}
