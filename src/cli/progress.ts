/** A progress callback that prints about ten lines however long the work is. */
export function throttledProgress(label: string, print: (line: string) => void): (step: { done: number; total: number }) => void {
  return ({ done, total }) => {
    const every = Math.max(1, Math.ceil(total / 10))
    if (done % every === 0 || done === total) print(`${label}: ${done}/${total}`)
  }
}
