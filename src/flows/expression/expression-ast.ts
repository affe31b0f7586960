/**
 * The syntax tree of a flow expression. Every node keeps its character span in the
 * expression text, so the checker can point at the exact place inside a YAML value.
 */

/** Start (inclusive) and end (exclusive) offsets in the expression text. */
export interface Span {
  readonly start: number
  readonly end: number
}

export type BinaryOp = '+' | '-' | '*' | 'div' | 'mod' | '=' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or'

/** One `/name` step of a path, with where its name starts. */
export interface PathSegment {
  readonly name: string
  readonly start: number
}

export type ExprNode =
  | (Span & { readonly kind: 'literal'; readonly value: string | number | boolean | null; readonly integral: boolean })
  /** `$order/customer/name`: a variable and member steps. */
  | (Span & { readonly kind: 'variable'; readonly name: string; readonly path: readonly PathSegment[] })
  /** `customer/name` without `$`: a member of the queried entity (query `where` only). */
  | (Span & { readonly kind: 'member'; readonly path: readonly PathSegment[] })
  | (Span & { readonly kind: 'unary'; readonly op: 'not' | '-'; readonly operand: ExprNode })
  | (Span & { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: ExprNode; readonly right: ExprNode })
  | (Span & { readonly kind: 'if'; readonly condition: ExprNode; readonly then: ExprNode; readonly else: ExprNode })
  | (Span & { readonly kind: 'call'; readonly name: string; readonly args: readonly ExprNode[] })

/** A problem at a place in the expression text. */
export interface ExpressionProblem extends Span {
  readonly message: string
}
