/**
 * Compiles an attribute's `pattern` the way the model format defines it: the whole value
 * must match. The pattern is first compiled as written, so a syntax error is reported in
 * the author's terms (and `a)(b` is not made valid by the anchoring group). Returns the
 * JavaScript SyntaxError when the pattern does not compile.
 */
export function compilePattern(pattern: string): RegExp | SyntaxError {
  try {
    new RegExp(pattern)
  } catch (error) {
    return error instanceof SyntaxError ? error : new SyntaxError(String(error))
  }
  return new RegExp(`^(?:${pattern})$`)
}
