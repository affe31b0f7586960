/**
 * The candidate closest to a misspelt name, when one is close enough to be a likely typo:
 * an edit distance of at most a third of the name (and at least 1), case differences
 * counting as nothing. Undefined when nothing is close, so a message never suggests nonsense.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase()
  const limit = Math.max(1, Math.floor(name.length / 3))
  let best: string | undefined
  let bestDistance = limit + 1
  for (const candidate of candidates) {
    if (candidate === name) continue
    const c = candidate.toLowerCase()
    if (Math.abs(c.length - wanted.length) >= bestDistance) continue
    const d = editDistance(wanted, c, bestDistance)
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return best
}

/** `; did you mean 'X'?` when a close name exists, else the empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const close = closestName(name, candidates)
  return close === undefined ? '' : `; did you mean '${close}'?`
}

/** Levenshtein distance, giving up (returning `bound`) once every path is at least `bound`. */
function editDistance(a: string, b: string, bound: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost)
      current.push(value)
      rowMin = Math.min(rowMin, value)
    }
    if (rowMin >= bound) return bound
    previous = current
  }
  return previous[b.length] ?? bound
}
