/**
 * Date and time patterns (a subset of the Unicode/CLDR letters that file formats use),
 * compiled once into a regular expression and a formatter. Unknown letters are refused at
 * load, so a typo never silently reads `mm` as months.
 */

/** The fields a pattern reads or writes; `offset` in minutes east of UTC when the pattern has one. */
export interface DateParts {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  readonly millisecond: number
  readonly offset?: number
}

export interface DatePattern {
  readonly text: string
  /** Whether the pattern reads a time of day (HH, mm, …), and an offset (XXX, XX). */
  readonly hasTime: boolean
  readonly hasOffset: boolean
  parse(text: string): DateParts | undefined
  format(parts: DateParts): string
}

type Token = { readonly letter: string; readonly width: number } | { readonly literal: string }

const TOKENS: Readonly<Record<string, { readonly regex: (width: number) => string; readonly widths: readonly number[] }>> = {
  y: { regex: (w) => (w === 2 ? '(\\d{2})' : '(\\d{4})'), widths: [2, 4] },
  M: { regex: (w) => (w === 1 ? '(\\d{1,2})' : '(\\d{2})'), widths: [1, 2] },
  d: { regex: (w) => (w === 1 ? '(\\d{1,2})' : '(\\d{2})'), widths: [1, 2] },
  H: { regex: (w) => (w === 1 ? '(\\d{1,2})' : '(\\d{2})'), widths: [1, 2] },
  m: { regex: () => '(\\d{2})', widths: [2] },
  s: { regex: () => '(\\d{2})', widths: [2] },
  S: { regex: () => '(\\d{3})', widths: [3] },
  X: { regex: (w) => (w === 3 ? '(Z|[+-]\\d{2}:\\d{2})' : '(Z|[+-]\\d{4})'), widths: [2, 3] },
}

/** Compiles a pattern, or says what is wrong with it. */
export function compileDatePattern(text: string): DatePattern | { readonly problem: string } {
  const tokens = tokenize(text)
  if ('problem' in tokens) return tokens
  const letters = tokens.flatMap((t) => ('letter' in t ? [t.letter] : []))
  for (const needed of ['y', 'M', 'd']) {
    if (!letters.includes(needed)) return { problem: `pattern '${text}' has no ${needed === 'y' ? 'year (yyyy)' : needed === 'M' ? 'month (MM)' : 'day (dd)'}` }
  }
  const regex = new RegExp('^' + tokens.map((t) => ('letter' in t ? (TOKENS[t.letter]?.regex(t.width) ?? '') : escapeRegex(t.literal))).join('') + '$')
  const groups = tokens.filter((t): t is { letter: string; width: number } => 'letter' in t)
  return {
    text,
    hasTime: letters.some((l) => 'HmsS'.includes(l)),
    hasOffset: letters.includes('X'),
    parse: (input) => readParts(regex.exec(input), groups),
    format: (parts) => tokens.map((t) => ('letter' in t ? formatToken(t.letter, t.width, parts) : t.literal)).join(''),
  }
}

function tokenize(text: string): Token[] | { readonly problem: string } {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i] as string
    if (c === "'") {
      const end = text.indexOf("'", i + 1)
      if (end < 0) return { problem: `pattern '${text}' has an unclosed quote` }
      tokens.push({ literal: end === i + 1 ? "'" : text.slice(i + 1, end) })
      i = end + 1
    } else if (/[A-Za-z]/.test(c)) {
      let width = 1
      while (text[i + width] === c) width++
      const token = TOKENS[c]
      if (!token) return { problem: `pattern '${text}' uses '${c}', which is not one of y M d H m s S X (quote literal text: 'T')` }
      if (!token.widths.includes(width)) return { problem: `pattern '${text}' writes '${c.repeat(width)}'; allowed: ${token.widths.map((w) => c.repeat(w)).join(', ')}` }
      if (tokens.some((t) => 'letter' in t && t.letter === c)) return { problem: `pattern '${text}' has '${c}' twice` }
      tokens.push({ letter: c, width })
      i += width
    } else {
      tokens.push({ literal: c })
      i++
    }
  }
  return tokens
}

function readParts(m: RegExpExecArray | null, groups: readonly { letter: string; width: number }[]): DateParts | undefined {
  if (!m) return undefined
  const parts: { -readonly [K in keyof DateParts]: DateParts[K] } = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, millisecond: 0 }
  groups.forEach((g, i) => {
    const text = m[i + 1] as string
    if (g.letter === 'X') parts.offset = offsetMinutes(text)
    else assign(parts, g.letter, g.width, Number(text))
  })
  return parts
}

function assign(parts: { -readonly [K in keyof DateParts]: DateParts[K] }, letter: string, width: number, n: number): void {
  if (letter === 'y') parts.year = width === 2 ? 2000 + n : n
  else if (letter === 'M') parts.month = n
  else if (letter === 'd') parts.day = n
  else if (letter === 'H') parts.hour = n
  else if (letter === 'm') parts.minute = n
  else if (letter === 's') parts.second = n
  else if (letter === 'S') parts.millisecond = n
}

function formatToken(letter: string, width: number, p: DateParts): string {
  const pad = (n: number, w: number) => String(n).padStart(w, '0')
  switch (letter) {
    case 'y':
      return width === 2 ? pad(p.year % 100, 2) : pad(p.year, 4)
    case 'M':
      return pad(p.month, width)
    case 'd':
      return pad(p.day, width)
    case 'H':
      return pad(p.hour, width)
    case 'm':
      return pad(p.minute, 2)
    case 's':
      return pad(p.second, 2)
    case 'S':
      return pad(p.millisecond, 3)
    default:
      return formatOffset(p.offset ?? 0, width === 3)
  }
}

/** `+01:00` / `+0100` / `Z` → minutes east of UTC. */
export function offsetMinutes(text: string): number {
  if (text === 'Z') return 0
  const digits = text.replace(':', '')
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))
  return text.startsWith('-') ? -minutes : minutes
}

export function formatOffset(minutes: number, colon: boolean): string {
  if (minutes === 0) return 'Z'
  const abs = Math.abs(minutes)
  const hh = String(Math.floor(abs / 60)).padStart(2, '0')
  const mm = String(abs % 60).padStart(2, '0')
  return `${minutes < 0 ? '-' : '+'}${hh}${colon ? ':' : ''}${mm}`
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
