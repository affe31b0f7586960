import { RE2JS } from 're2js'
import { BoundedCache } from '../support/bounded-cache.js'
import { queryErrors } from './errors.js'

/** Longest pattern `matchesPattern` accepts, and the largest count in `{n,m}`. */
export const MAX_PATTERN_LENGTH = 500
const MAX_REPEAT = 100

/** Characters with a meaning outside a class, in ECMAScript and PostgreSQL's regular expressions alike. */
const SPECIAL = new Set(['\\', '^', '$', '.', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}', '/', '-'])
/** What `.` matches in ECMAScript: anything but a line terminator. */
const DOT = '[^\\n\\r\u2028\u2029]'
/** ECMAScript's `\s`, written out (PostgreSQL's class depends on the locale). */
const SPACE = ' \\t\\n\\v\\f\\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'
const SHORTHAND: Readonly<Record<string, string>> = { d: '0-9', w: 'A-Za-z0-9_', s: SPACE }
const CONTROL = new Set(['t', 'n', 'r', 'f', 'v'])

/**
 * Reads the pattern of `matchesPattern` (an ECMAScript regular expression, OData URL
 * Conventions §5.1.1.7) and writes it in a canonical form that PostgreSQL's `~`, the RE2
 * engine used on SQLite and the reference evaluator all read alike: `.`, `\d`, `\w` and
 * `\s` spelled out as classes, every special character escaped. Only the regular core is
 * accepted — literals, classes, `.`, `^`, `$`, groups, alternation and quantifiers;
 * back-references, look-around, word boundaries, Unicode properties and flags are refused
 * with the construct named. Whether a pattern matches somewhere in a string then does not
 * depend on the engine, and no pattern can take more than linear time.
 */
export function canonicalPattern(pattern: string): string {
  if (pattern.length > MAX_PATTERN_LENGTH) throw refused(`the pattern is longer than ${MAX_PATTERN_LENGTH} characters`)
  const reader = new Reader(pattern)
  const out = reader.alternation()
  if (!reader.done()) throw refused(`unbalanced ')' at position ${reader.at + 1}`)
  return out
}

/** Whether a string matches a canonical pattern somewhere (what SQLite and the reference evaluator run). */
export function matchesCanonical(value: string, canonical: string): boolean {
  const compiled = compiledPatterns.get(canonical) ?? compiledPatterns.set(canonical, RE2JS.compile(canonical))
  return compiled.matcher(value).find()
}

const compiledPatterns = new BoundedCache<RE2JS>(500)

function refused(why: string) {
  return queryErrors.create('QUERY_BAD_ARGUMENTS', `matchesPattern: ${why}`, { target: 'matchesPattern' })
}

class Reader {
  at = 0
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.at >= this.text.length
  }

  alternation(): string {
    const branches = [this.sequence()]
    while (this.text[this.at] === '|') {
      this.at++
      branches.push(this.sequence())
    }
    return branches.join('|')
  }

  private sequence(): string {
    let out = ''
    while (!this.done() && this.text[this.at] !== '|' && this.text[this.at] !== ')') {
      const c = this.text[this.at] as string
      if (c === '^' || c === '$') {
        this.at++
        out += c
        continue
      }
      out += this.atom() + this.quantifier()
    }
    return out
  }

  private atom(): string {
    const c = this.text[this.at] as string
    this.at++
    if (c === '.') return DOT
    if (c === '\\') return this.escape()
    if (c === '[') return this.bracket()
    if (c === '(') {
      if (this.text[this.at] === '?') {
        if (this.text[this.at + 1] !== ':') throw refused(`look-around and named groups ('(?${this.text[this.at + 1] ?? ''}') are not supported`)
        this.at += 2
      }
      const inner = this.alternation()
      if (this.text[this.at] !== ')') throw refused(`a group opened at position ${this.at} is not closed`)
      this.at++
      return `(?:${inner})`
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') throw refused(`'${c}' at position ${this.at} has nothing to repeat`)
    if (c === ']' || c === '}') throw refused(`'${c}' at position ${this.at} must be escaped`)
    return literal(c)
  }

  private quantifier(): string {
    const c = this.text[this.at]
    let out: string
    if (c === '*' || c === '+' || c === '?') {
      this.at++
      out = c
    } else if (c === '{') {
      const m = /^\{(\d{1,6})(,(\d{0,6}))?\}/.exec(this.text.slice(this.at))
      if (!m) throw refused(`'{' at position ${this.at + 1} starts no repetition count {n}, {n,} or {n,m}; escape it as \\{`)
      const low = Number(m[1])
      const high = m[3] === undefined || m[3] === '' ? undefined : Number(m[3])
      if (low > MAX_REPEAT || (high ?? 0) > MAX_REPEAT) throw refused(`repetition counts go up to ${MAX_REPEAT}`)
      if (high !== undefined && high < low) throw refused(`{${low},${high}} counts down`)
      this.at += m[0].length
      out = m[0]
    } else return ''
    if (this.text[this.at] === '?') this.at++ // lazy or greedy: whether a match exists is the same
    const next = this.text[this.at]
    if (next === '*' || next === '+' || next === '?' || next === '{') throw refused(`a quantifier at position ${this.at + 1} follows another`)
    return out
  }

  private escape(): string {
    const c = this.text[this.at]
    this.at++
    if (c === undefined) throw refused('the pattern ends with a lone backslash')
    const short = SHORTHAND[c]
    if (short !== undefined) return `[${short}]`
    const negated = SHORTHAND[c.toLowerCase()]
    if (negated !== undefined && c !== c.toLowerCase()) return `[^${negated}]`
    if (CONTROL.has(c)) return `\\${c}`
    if (SPECIAL.has(c)) return `\\${c}`
    throw refused(`'\\${c}' is not supported (back-references, word boundaries, \\u, \\x, \\p and control escapes are not); escape only special characters`)
  }

  private bracket(): string {
    const start = this.at
    let negated = false
    if (this.text[this.at] === '^') {
      negated = true
      this.at++
    }
    let items = ''
    let count = 0
    while (this.text[this.at] !== ']') {
      if (this.done()) throw refused(`the class opened at position ${start} is not closed`)
      const first = this.classAtom()
      if (first.shorthand) {
        items += first.text
        count++
        continue
      }
      if (this.text[this.at] === '-' && this.text[this.at + 1] !== ']' && this.at + 1 < this.text.length) {
        this.at++
        const last = this.classAtom()
        if (last.shorthand) throw refused(`a range in the class at position ${start} ends in a shorthand`)
        if ((last.char.codePointAt(0) as number) < (first.char.codePointAt(0) as number)) throw refused(`the range ${first.char}-${last.char} runs backwards`)
        items += `${first.text}-${last.text}`
      } else items += first.text
      count++
    }
    this.at++
    if (count === 0) throw refused(`an empty class at position ${start} (${negated ? '[^]' : '[]'}) is not supported`)
    return `[${negated ? '^' : ''}${items}]`
  }

  /** One character of a class, as canonical text; shorthands (`\d`, `\w`, `\s`) expand in place. */
  private classAtom(): { text: string; char: string; shorthand: boolean } {
    const c = this.text[this.at] as string
    this.at++
    if (c !== '\\') return { text: classLiteral(c), char: c, shorthand: false }
    const e = this.text[this.at]
    this.at++
    if (e === undefined) throw refused('the pattern ends with a lone backslash')
    const short = SHORTHAND[e]
    if (short !== undefined) return { text: short, char: e, shorthand: true }
    if (CONTROL.has(e)) return { text: `\\${e}`, char: { t: '\t', n: '\n', r: '\r', f: '\f', v: '\v' }[e] as string, shorthand: false }
    if (SPECIAL.has(e)) return { text: classLiteral(e), char: e, shorthand: false }
    throw refused(`'\\${e}' is not supported inside a class (negated shorthands such as \\D are not either)`)
  }
}

function literal(c: string): string {
  return SPECIAL.has(c) ? `\\${c}` : c
}

/** Inside a class, the characters PostgreSQL or ECMAScript read specially are escaped. */
function classLiteral(c: string): string {
  return c === '\\' || c === ']' || c === '[' || c === '^' || c === '-' ? `\\${c}` : c
}
