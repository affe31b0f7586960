import type { ErrorDetail } from '../errors/index.js'
import type { AttributeModel, AttributeType, ModelIndex, ModelValue } from '../model/index.js'

/**
 * Checks one value against its attribute and returns it in the kernel encoding
 * (DateTime → UTC ISO with milliseconds, UUID → lower case). Failures are pushed to
 * `errors`; the return value is then meaningless. Compiled once per attribute.
 */
export type ValueCheck = (value: unknown, path: string, errors: ErrorDetail[]) => unknown

const INT32_MIN = -2147483648
const INT32_MAX = 2147483647
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i

export function detail(path: string, rule: string, message: string): ErrorDetail {
  return { code: rule.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(), path, rule, message }
}

/** Compiles the checks of one attribute: type, then range, length and pattern rules. */
export function compileValueCheck(attribute: AttributeModel, index: ModelIndex): ValueCheck {
  const typeCheck = compileTypeCheck(attribute.type, index)
  const rules = compileRules(attribute)
  return (value, path, errors) => {
    if (value === null || value === undefined) {
      if (attribute.required) errors.push(detail(path, 'required', `${path} is required`))
      return null
    }
    const before = errors.length
    const normalized = typeCheck(value, path, errors)
    if (errors.length === before) for (const rule of rules) rule(normalized, path, errors)
    return normalized
  }
}

function compileTypeCheck(type: AttributeType, index: ModelIndex): ValueCheck {
  switch (type.kind) {
    case 'String':
      return (v, path, errors) => {
        if (typeof v !== 'string') return typeError(path, 'a string', v, errors)
        if (v.length > type.length && [...v].length > type.length) {
          errors.push(detail(path, 'maxLength', `${path} is longer than ${type.length} characters`))
        }
        return v
      }
    case 'Text':
      return (v, path, errors) => (typeof v === 'string' ? v : typeError(path, 'a string', v, errors))
    case 'Integer':
      return (v, path, errors) =>
        typeof v === 'number' && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX
          ? v
          : typeError(path, 'an integer between -2147483648 and 2147483647', v, errors)
    case 'Long':
    case 'AutoNumber':
      return (v, path, errors) =>
        typeof v === 'number' && Number.isSafeInteger(v) ? v : typeError(path, 'an integer (at most 2^53-1 in magnitude)', v, errors)
    case 'Decimal':
      return decimalCheck(type.precision, type.scale)
    case 'Boolean':
      return (v, path, errors) => (typeof v === 'boolean' ? v : typeError(path, 'true or false', v, errors))
    case 'Date':
      return (v, path, errors) => {
        if (typeof v === 'string' && isDate(v)) return v
        return typeError(path, 'a date (YYYY-MM-DD)', v, errors)
      }
    case 'DateTime':
      return (v, path, errors) => {
        const iso = normalizeDateTime(v)
        return iso ?? typeError(path, 'a date-time with a time zone (e.g. 2024-05-01T10:00:00Z)', v, errors)
      }
    case 'UUID':
      return (v, path, errors) => (typeof v === 'string' && UUID.test(v) ? v.toLowerCase() : typeError(path, 'a UUID', v, errors))
    case 'Enum': {
      const values = index.enumeration(type.enumeration)?.values.map((x) => x.name) ?? []
      const allowed = new Set(values)
      return (v, path, errors) => {
        if (typeof v === 'string' && allowed.has(v)) return v
        errors.push(detail(path, 'enum', `${path} must be one of ${values.join(', ')}`))
        return v
      }
    }
    case 'Binary':
      return (v, path, errors) => (v instanceof Uint8Array ? v : typeError(path, 'binary data', v, errors))
    case 'Unknown':
      return (v) => v
  }
}

function decimalCheck(precision: number, scale: number): ValueCheck {
  const integerDigits = precision - scale
  const factor = 10 ** scale
  const limit = 10 ** integerDigits
  return (v, path, errors) => {
    const n = typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v
    if (typeof n !== 'number' || !Number.isFinite(n)) return typeError(path, 'a number', v, errors)
    // Without writing the number out: below the limit, and some decimal with at most `scale`
    // places reads back as it, so its shortest form has no more places either.
    if (Math.abs(n) < limit && Math.round(n * factor) / factor === n) return n
    const [whole, fraction] = decimalDigits(n)
    if (fraction > scale) {
      errors.push(detail(path, 'scale', `${path} has more than ${scale} decimal places`))
    } else if (whole > integerDigits) {
      errors.push(detail(path, 'precision', `${path} has more than ${integerDigits} digits before the decimal point`))
    }
    return n
  }
}

/** Digits before and after the point of a number's shortest decimal form. */
function decimalDigits(n: number): [number, number] {
  const text = Math.abs(n).toString()
  const e = text.indexOf('e')
  if (e < 0) {
    const dot = text.indexOf('.')
    const whole = dot < 0 ? text : text.slice(0, dot)
    return [whole === '0' ? 0 : whole.length, dot < 0 ? 0 : text.length - dot - 1]
  }
  const mantissa = text.slice(0, e)
  const exponent = Number(text.slice(e + 1))
  const dot = mantissa.indexOf('.')
  const fractionDigits = dot < 0 ? 0 : mantissa.length - dot - 1
  return exponent >= 0 ? [1 + exponent, Math.max(0, fractionDigits - exponent)] : [0, fractionDigits - exponent]
}

function typeError(path: string, expected: string, value: unknown, errors: ErrorDetail[]): unknown {
  errors.push(detail(path, 'type', `${path} must be ${expected}, got ${describeValue(value)}`))
  return value
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value)
  if (Array.isArray(value)) return 'a list'
  if (value instanceof Uint8Array) return 'binary data'
  if (typeof value === 'object' && value !== null) return 'an object'
  return String(value)
}

export function isDate(text: string): boolean {
  const m = DATE.exec(text)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])
}

/** An ISO date-time with a zone → `YYYY-MM-DDTHH:mm:ss.sssZ`; undefined when not one. */
export function normalizeDateTime(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString()
  if (typeof value !== 'string') return undefined
  const m = DATE_TIME.exec(value)
  if (!m || !isDate(`${m[1]}-${m[2]}-${m[3]}`) || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) {
    return undefined
  }
  const d = new Date(value.replace(' ', 'T'))
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString()
}

type Rule = (value: unknown, path: string, errors: ErrorDetail[]) => void

function compileRules(a: AttributeModel): Rule[] {
  const rules: Rule[] = []
  const comparable = (v: ModelValue | undefined): v is string | number => typeof v === 'number' || typeof v === 'string'
  const min = a.type.kind === 'DateTime' && typeof a.min === 'string' ? normalizeDateTime(a.min) ?? a.min : a.min
  const max = a.type.kind === 'DateTime' && typeof a.max === 'string' ? normalizeDateTime(a.max) ?? a.max : a.max
  if (comparable(min)) {
    rules.push((v, path, errors) => {
      if ((v as number | string) < min) errors.push(detail(path, 'min', `${path} must be at least ${min}`))
    })
  }
  if (comparable(max)) {
    rules.push((v, path, errors) => {
      if ((v as number | string) > max) errors.push(detail(path, 'max', `${path} must be at most ${max}`))
    })
  }
  const { minLength, maxLength } = a
  if (minLength !== undefined) {
    rules.push((v, path, errors) => {
      if (typeof v === 'string' && [...v].length < minLength) {
        errors.push(detail(path, 'minLength', `${path} must have at least ${minLength} characters`))
      }
    })
  }
  if (maxLength !== undefined) {
    rules.push((v, path, errors) => {
      if (typeof v === 'string' && v.length > maxLength && [...v].length > maxLength) {
        errors.push(detail(path, 'maxLength', `${path} must have at most ${maxLength} characters`))
      }
    })
  }
  if (a.pattern !== undefined) {
    const pattern = safeRegExp(a.pattern)
    if (pattern) {
      rules.push((v, path, errors) => {
        if (typeof v === 'string' && !pattern.test(v)) errors.push(detail(path, 'pattern', `${path} must match ${a.pattern}`))
      })
    }
  }
  return rules
}

/** The whole value must match, as the model format says: the pattern is anchored. */
function safeRegExp(source: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${source})$`)
  } catch {
    return undefined // the checker reports invalid patterns; a model with errors does not run
  }
}
