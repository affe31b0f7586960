import type { FlowAnalysis } from '../analysis/analyze-flow.js'
import { compileExpression, type CompiledExpression } from '../expression/compile-expression.js'
import { compileFilter, type FilterBuilder } from '../expression/to-query-filter.js'
import { flowErrors } from '../errors.js'
import type { FlowDeclaration, Source } from '../flow-declaration.js'

/** A flow ready to run: its declaration and a closure per expression, compiled once. */
export interface CompiledFlow {
  readonly declaration: FlowDeclaration
  readonly name: string
  expression(source: Source): CompiledExpression
  filter(source: Source): FilterBuilder
}

/** Compiles the expressions of an analysed flow (its findings must have no errors). */
export function compileFlow(analysis: FlowAnalysis): CompiledFlow {
  const expressions = new Map<Source, CompiledExpression>()
  const filters = new Map<Source, FilterBuilder>()
  for (const [source, checked] of analysis.expressions) expressions.set(source, compileExpression(checked))
  const checkedOf = (source: Source) => {
    const checked = analysis.expressions.get(source)
    if (!checked) throw flowErrors.create('FLOW_NOT_COMPILABLE', `flow ${analysis.flow.name}: the expression '${source.text}' did not check`)
    return checked
  }
  return {
    declaration: analysis.flow,
    name: analysis.flow.name,
    expression(source) {
      const compiled = expressions.get(source)
      if (compiled) return compiled
      return compileExpression(checkedOf(source))
    },
    filter(source) {
      let built = filters.get(source)
      if (!built) filters.set(source, (built = compileFilter(checkedOf(source))))
      return built
    },
  }
}
