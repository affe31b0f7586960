import type { ExpressionProblem, Span } from './expression-ast.js'

export type TokenKind = 'number' | 'string' | 'variable' | 'name' | 'punct' | 'end'

export interface Token extends Span {
  readonly kind: TokenKind
  /** The name, the operator, the decoded string, or the number's digits. */
  readonly text: string
}

/** Longest first, so `<=` wins over `<`. */
const PUNCTUATION = ['!=', '<>', '<=', '>=', '(', ')', ',', '/', '.', '+', '-', '*', '=', '<', '>'] as const
const NAME_START = /[A-Za-z_]/
const NAME_PART = /[A-Za-z0-9_]/
const DIGIT = /[0-9]/

/**
 * Splits an expression into tokens. Strings are single-quoted with `''` for a quote (as in
 * SQL); variables start with `$`; whitespace separates. Fails at the first character that
 * starts no token.
 */
export function tokenize(text: string): Token[] | ExpressionProblem {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i] as string
    if (/\s/.test(c)) {
      i++
      continue
    }
    const token = c === "'" ? readString(text, i) : DIGIT.test(c) ? readNumber(text, i) : c === '$' ? readVariable(text, i) : NAME_START.test(c) ? readName(text, i) : readPunct(text, i)
    if ('message' in token) return token
    tokens.push(token)
    i = token.end
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length })
  return tokens
}

function readString(text: string, start: number): Token | ExpressionProblem {
  let value = ''
  let i = start + 1
  while (i < text.length) {
    const c = text[i] as string
    if (c === "'") {
      if (text[i + 1] === "'") {
        value += "'"
        i += 2
        continue
      }
      return { kind: 'string', text: value, start, end: i + 1 }
    }
    value += c
    i++
  }
  return { start, end: text.length, message: "a string is never closed: end it with ' (write '' for a quote inside)" }
}

function readNumber(text: string, start: number): Token {
  let i = start
  while (i < text.length && DIGIT.test(text[i] as string)) i++
  if (text[i] === '.' && DIGIT.test(text[i + 1] ?? '')) {
    i++
    while (i < text.length && DIGIT.test(text[i] as string)) i++
  }
  return { kind: 'number', text: text.slice(start, i), start, end: i }
}

function readVariable(text: string, start: number): Token | ExpressionProblem {
  if (!NAME_START.test(text[start + 1] ?? '')) return { start, end: start + 1, message: '$ must be followed by a variable name ($order)' }
  const name = readName(text, start + 1)
  return { kind: 'variable', text: name.text, start, end: name.end }
}

function readName(text: string, start: number): Token {
  let i = start + 1
  while (i < text.length && NAME_PART.test(text[i] as string)) i++
  return { kind: 'name', text: text.slice(start, i), start, end: i }
}

function readPunct(text: string, start: number): Token | ExpressionProblem {
  for (const p of PUNCTUATION) {
    if (text.startsWith(p, start)) return { kind: 'punct', text: p === '<>' ? '!=' : p, start, end: start + p.length }
  }
  const c = text[start] as string
  const hint = c === '"' ? ": strings use single quotes ('text')" : c === '&' || c === '|' ? ': write and / or' : ''
  return { start, end: start + 1, message: `unexpected character '${c}'${hint}` }
}
