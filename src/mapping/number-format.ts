/**
 * Numbers written as text: a decimal separator and an optional grouping separator
 * (`1.234,56` with `decimal: ','` and `grouping: '.'`). Compiled once per field.
 */
export interface NumberFormat {
  /** The number, or undefined when the text is not one in this format. */
  parse(text: string): number | undefined
  /** Text in this format; `scale` fixes the digits after the separator. */
  format(value: number, scale?: number): string
}

const PLAIN = /^[+-]?(\d+(\.\d*)?|\.\d+)$/

export function compileNumberFormat(options: { readonly decimal?: string; readonly grouping?: string } = {}): NumberFormat {
  const decimal = options.decimal ?? '.'
  const grouping = options.grouping
  const shape = new RegExp(
    `^[+-]?\\d{1,3}(${grouping ? escape(grouping) : '(?!)'}\\d{3})*(${escape(decimal)}\\d+)?$|^[+-]?\\d+(${escape(decimal)}\\d*)?$`,
  )
  const plain = decimal === '.' && grouping === undefined
  return {
    parse(text) {
      const t = text.length > 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32) ? text.trim() : text
      if (plain) return PLAIN.test(t) ? Number(t) : undefined
      if (!shape.test(t)) return undefined
      const ungrouped = grouping && t.includes(grouping) ? t.split(grouping).join('') : t
      return Number(decimal === '.' ? ungrouped : ungrouped.replace(decimal, '.'))
    },
    format(value, scale) {
      const text = scale === undefined ? plainText(value) : value.toFixed(scale)
      const [whole = '', fraction] = text.split('.')
      const grouped = grouping ? groupDigits(whole, grouping) : whole
      return fraction === undefined ? grouped : `${grouped}${decimal}${fraction}`
    },
  }
}

/** Decimal text without exponent notation (1e-7 → 0.0000001). */
function plainText(value: number): string {
  const text = String(value)
  if (!/e/i.test(text)) return text
  return value.toFixed(20).replace(/\.?0+$/, '')
}

function groupDigits(whole: string, grouping: string): string {
  const sign = whole.startsWith('-') ? '-' : ''
  const digits = sign ? whole.slice(1) : whole
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, grouping)
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
