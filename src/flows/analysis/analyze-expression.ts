import type { EntityModel, ModelIndex } from '../../model/index.js'
import { checkExpression, literalType, type CheckedExpression } from '../expression/check-expression.js'
import { ANY, listOf, type FlowType } from '../expression/flow-types.js'
import { isProblem, parseExpression } from '../expression/parse-expression.js'
import { filterProblems } from '../expression/to-query-filter.js'
import type { MessageText, Source, Template } from '../read-steps.js'
import type { Finding } from './finding.js'

/** Checks the expressions of one flow and remembers those that checked cleanly, for the engine. */
export class ExpressionChecker {
  readonly findings: Finding[] = []
  readonly checked = new Map<Source, CheckedExpression>()

  constructor(private readonly index: ModelIndex) {}

  /** The checked expression, or undefined after reporting why it does not check (PF307). */
  check(source: Source, variables: ReadonlyMap<string, FlowType>, entity?: EntityModel): CheckedExpression | undefined {
    return this.checkAt(source, variables, entity, 0)
  }

  private checkAt(source: Source, variables: ReadonlyMap<string, FlowType>, entity: EntityModel | undefined, base: number): CheckedExpression | undefined {
    const node = parseExpression(source.text)
    if (isProblem(node)) {
      this.findings.push({ code: 'PF307', at: source.at, offset: base + node.start, message: `expression does not parse: ${node.message}` })
      return undefined
    }
    const checked = checkExpression(node, { index: this.index, variables, ...(entity ? { entity } : {}) })
    const problems = [...checked.problems, ...(entity && checked.problems.length === 0 ? filterProblems(checked) : [])]
    for (const p of problems) this.findings.push({ code: 'PF307', at: source.at, offset: base + p.start, message: p.message })
    if (problems.length > 0) return undefined
    this.checked.set(source, checked)
    return checked
  }

  /** The type a template builds (an expression's type, a constant's, any for maps). */
  template(t: Template, variables: ReadonlyMap<string, FlowType>): FlowType {
    switch (t.kind) {
      case 'expr':
        return this.check(t.source, variables)?.type ?? ANY
      case 'const':
        return typeof t.value === 'number' ? literalType(t.value, Number.isInteger(t.value)) : literalType(t.value, false)
      case 'list':
        for (const item of t.items) this.template(item, variables)
        return listOf(ANY)
      case 'object':
        for (const [, v] of t.entries) this.template(v, variables)
        return ANY
    }
  }

  /** Checks the `{…}` parts of a message. */
  message(text: MessageText, variables: ReadonlyMap<string, FlowType>): void {
    let i = 0
    for (const part of text.parts) {
      if (typeof part === 'string') continue
      this.checkAt(part, variables, undefined, text.offsets[i++] ?? 0)
    }
  }
}
