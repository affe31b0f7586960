import type { BinaryOp } from './expression-ast.js'

/**
 * What the operators do to run-time values. Logic is two-valued as in queries: a
 * comparison with empty is false except `=` and `!=`, which treat empty as a value;
 * arithmetic with empty is empty; division or remainder by zero is empty.
 */

/** A stored object compares by its id; everything else by value. */
function identity(v: unknown): unknown {
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && 'id' in v) return (v as { id: unknown }).id
  return v
}

export function equals(a: unknown, b: unknown): boolean {
  const x = identity(a ?? null)
  const y = identity(b ?? null)
  return x === y
}

export function compareValues(op: BinaryOp, a: unknown, b: unknown): boolean {
  if (op === '=') return equals(a, b)
  if (op === '!=') return !equals(a, b)
  if (a === null || a === undefined || b === null || b === undefined) return false
  const x = a as number | string
  const y = b as number | string
  switch (op) {
    case '<':
      return x < y
    case '<=':
      return x <= y
    case '>':
      return x > y
    default:
      return x >= y
  }
}

/** Decimal results keep 15 significant digits, so 0.1 + 0.2 is 0.3. */
function clean(n: number): number {
  return Number.isInteger(n) ? n : Number(n.toPrecision(15))
}

export function arithmetic(op: BinaryOp, a: unknown, b: unknown, text: boolean): unknown {
  if (text) return `${a === null || a === undefined ? '' : String(a)}${b === null || b === undefined ? '' : String(b)}`
  if (a === null || a === undefined || b === null || b === undefined) return null
  const x = a as number
  const y = b as number
  switch (op) {
    case '+':
      return clean(x + y)
    case '-':
      return clean(x - y)
    case '*':
      return clean(x * y)
    case 'div':
      return y === 0 ? null : clean(x / y)
    default:
      return y === 0 ? null : clean(x % y)
  }
}

/** Whether a value counts as true in a condition: only `true` does. */
export function truthy(v: unknown): boolean {
  return v === true
}
