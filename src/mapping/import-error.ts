import type { ImportError } from './import-record.js'

const MAX_VALUE = 200

/** One record error; long text values are cut so a bad megabyte cell does not travel in reports. */
export function importError(path: string, value: unknown, rule: string, message: string): ImportError {
  const shown = typeof value === 'string' && value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value
  return { path, value: shown, rule, message }
}

/** A value for a message: quoted text, cut when long. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object' && value !== null) return 'an object'
  return String(value)
}
