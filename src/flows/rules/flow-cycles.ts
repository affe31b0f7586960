import type { FlowAnalysis } from '../analysis/analyze-flow.js'

/**
 * Flows that trigger each other in a circle: a flow writes an entity whose events trigger
 * another flow, and so on back to the first. Each such run starts the next forever.
 * Returns, per flow in a cycle, the names of the cycle in order.
 */
export function flowCycles(analyses: readonly FlowAnalysis[]): Map<FlowAnalysis, readonly string[]> {
  const next = (a: FlowAnalysis): FlowAnalysis[] =>
    analyses.filter((b) => {
      const t = b.flow.trigger
      return t.kind === 'entity' && a.writes.some((w) => w.entity === t.entity && w.kinds.some((k) => t.on.includes(k)))
    })
  const out = new Map<FlowAnalysis, readonly string[]>()
  for (const start of analyses) {
    const path = findPathBack(start, next)
    if (path) out.set(start, path.map((a) => a.flow.name))
  }
  return out
}

/** A shortest path of triggers from `start` back to itself (breadth first), if any. */
function findPathBack(start: FlowAnalysis, next: (a: FlowAnalysis) => FlowAnalysis[]): FlowAnalysis[] | undefined {
  const previous = new Map<FlowAnalysis, FlowAnalysis>()
  let frontier = [start]
  while (frontier.length > 0) {
    const following: FlowAnalysis[] = []
    for (const a of frontier) {
      for (const b of next(a)) {
        if (b === start) return [...walkBack(a, start, previous), start]
        if (previous.has(b)) continue
        previous.set(b, a)
        following.push(b)
      }
    }
    frontier = following
  }
  return undefined
}

function walkBack(last: FlowAnalysis, start: FlowAnalysis, previous: ReadonlyMap<FlowAnalysis, FlowAnalysis>): FlowAnalysis[] {
  const path = [last]
  let cursor = last
  while (cursor !== start) {
    const p = previous.get(cursor)
    if (!p) break
    path.unshift(p)
    cursor = p
  }
  return path
}
