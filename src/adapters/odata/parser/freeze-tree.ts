/**
 * Freezes plain data recursively without recursion, so a deep tree cannot overflow the
 * stack. Already frozen parts (shared alias values) are left as they are.
 */
export function freezeTree<T>(root: T): T {
  const pending: unknown[] = [root]
  while (pending.length > 0) {
    const value = pending.pop()
    if (typeof value !== 'object' || value === null || Object.isFrozen(value)) continue
    Object.freeze(value)
    for (const key of Object.keys(value)) pending.push((value as Record<string, unknown>)[key])
  }
  return root
}
