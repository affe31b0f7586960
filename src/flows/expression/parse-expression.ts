import type { BinaryOp, ExpressionProblem, ExprNode, PathSegment } from './expression-ast.js'
import { tokenize, type Token } from './tokenize.js'

/** Words that are operators or literals, never names. */
export const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'if', 'then', 'else', 'empty', 'true', 'false', 'div', 'mod'])

/** Binding power of each infix operator; comparisons do not chain. */
const INFIX: Readonly<Record<string, number>> = {
  or: 1,
  and: 2,
  '=': 4,
  '!=': 4,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  div: 6,
  mod: 6,
}
const NOT_POWER = 3
const NEGATE_POWER = 7

/** Thrown inside the parser and caught at its edge: the parser is small and recursive. */
class SyntaxProblem extends Error {
  constructor(readonly problem: ExpressionProblem) {
    super(problem.message)
  }
}

/**
 * Parses a flow expression (a hand-written Pratt parser: no `eval`, no generated code).
 * Returns the tree, or the first syntax problem with its place.
 */
export function parseExpression(text: string): ExprNode | ExpressionProblem {
  const tokens = tokenize(text)
  if (!Array.isArray(tokens)) return tokens
  if (tokens.length === 1) return { start: 0, end: text.length, message: 'the expression is empty' }
  const parser = new Parser(tokens)
  try {
    const node = parser.expression(0)
    const rest = parser.peek()
    if (rest.kind !== 'end') throw parser.unexpected(rest, 'an operator or the end')
    return node
  } catch (error) {
    if (error instanceof SyntaxProblem) return error.problem
    throw error
  }
}

export function isProblem(value: ExprNode | ExpressionProblem): value is ExpressionProblem {
  return 'message' in value
}

class Parser {
  private i = 0

  constructor(private readonly tokens: readonly Token[]) {}

  peek(): Token {
    return this.tokens[this.i] as Token
  }

  private next(): Token {
    const t = this.peek()
    if (t.kind !== 'end') this.i++
    return t
  }

  private isWord(t: Token, word: string): boolean {
    return t.kind === 'name' && t.text === word
  }

  unexpected(t: Token, wanted: string): SyntaxProblem {
    const found = t.kind === 'end' ? 'the end of the expression' : `'${t.kind === 'string' ? `'${t.text}'` : t.text}'`
    return new SyntaxProblem({ start: t.start, end: Math.max(t.end, t.start + 1), message: `expected ${wanted}, found ${found}` })
  }

  private expect(text: string, wanted = `'${text}'`): Token {
    const t = this.next()
    if ((t.kind === 'punct' || t.kind === 'name') && t.text === text) return t
    throw this.unexpected(t, wanted)
  }

  expression(minPower: number): ExprNode {
    let left = this.prefix()
    for (;;) {
      const t = this.peek()
      const op = t.kind === 'punct' || t.kind === 'name' ? t.text : ''
      const power = INFIX[op]
      if (power === undefined || power <= minPower) return left
      this.next()
      const right = this.expression(power)
      if (power === 4 && INFIX[this.peekOp()] === 4) {
        throw new SyntaxProblem({ start: this.peek().start, end: this.peek().end, message: 'comparisons do not chain: combine them with and' })
      }
      left = { kind: 'binary', op: op as BinaryOp, left, right, start: left.start, end: right.end }
    }
  }

  private peekOp(): string {
    const t = this.peek()
    return t.kind === 'punct' || t.kind === 'name' ? t.text : ''
  }

  private prefix(): ExprNode {
    const t = this.next()
    switch (t.kind) {
      case 'number':
        return { kind: 'literal', value: Number(t.text), integral: !t.text.includes('.'), start: t.start, end: t.end }
      case 'string':
        return { kind: 'literal', value: t.text, integral: false, start: t.start, end: t.end }
      case 'variable': {
        const path = this.path()
        return { kind: 'variable', name: t.text, path, start: t.start, end: path.length > 0 ? this.tokens[this.i - 1]!.end : t.end }
      }
      case 'name':
        return this.word(t)
      case 'punct':
        return this.punctuation(t)
      default:
        throw this.unexpected(t, 'a value')
    }
  }

  private punctuation(t: Token): ExprNode {
    if (t.text === '(') {
      const inner = this.expression(0)
      this.expect(')')
      return inner
    }
    if (t.text === '-') {
      const operand = this.expression(NEGATE_POWER)
      if (operand.kind === 'literal' && typeof operand.value === 'number') return { ...operand, value: -operand.value, start: t.start }
      return { kind: 'unary', op: '-', operand, start: t.start, end: operand.end }
    }
    throw this.unexpected(t, 'a value')
  }

  private word(t: Token): ExprNode {
    const span = { start: t.start, end: t.end }
    switch (t.text) {
      case 'true':
      case 'false':
        return { kind: 'literal', value: t.text === 'true', integral: false, ...span }
      case 'empty':
        return { kind: 'literal', value: null, integral: false, ...span }
      case 'not': {
        const operand = this.expression(NOT_POWER)
        return { kind: 'unary', op: 'not', operand, start: t.start, end: operand.end }
      }
      case 'if':
        return this.conditional(t)
    }
    if (KEYWORDS.has(t.text)) throw this.unexpected(t, 'a value')
    if (this.peek().kind === 'punct' && this.peek().text === '(') return this.call(t)
    const path = [{ name: t.text, start: t.start }, ...this.path()]
    return { kind: 'member', path, start: t.start, end: this.tokens[this.i - 1]!.end }
  }

  private conditional(t: Token): ExprNode {
    const condition = this.expression(0)
    this.expect('then', "'then'")
    const then = this.expression(0)
    this.expect('else', "'else' (an if always has an else)")
    const otherwise = this.expression(0)
    return { kind: 'if', condition, then, else: otherwise, start: t.start, end: otherwise.end }
  }

  private call(t: Token): ExprNode {
    this.next()
    const args: ExprNode[] = []
    if (!(this.peek().kind === 'punct' && this.peek().text === ')')) {
      do args.push(this.expression(0))
      while (this.peek().kind === 'punct' && this.peek().text === ',' && this.next())
    }
    const close = this.expect(')', "',' or ')'")
    return { kind: 'call', name: t.text, args, start: t.start, end: close.end }
  }

  /** `/name` or `.name` steps after a variable or member name. */
  private path(): PathSegment[] {
    const path: PathSegment[] = []
    for (;;) {
      const t = this.peek()
      if (t.kind !== 'punct' || (t.text !== '/' && t.text !== '.')) return path
      this.next()
      const name = this.next()
      if (name.kind !== 'name') throw this.unexpected(name, `a member name after '${t.text}'`)
      path.push({ name: name.text, start: name.start })
    }
  }
}
