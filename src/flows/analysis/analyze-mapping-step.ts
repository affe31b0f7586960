import type { FieldDeclaration, MappingDeclaration } from '../../mapping/index.js'
import type { EntityModel, ModelIndex } from '../../model/index.js'
import { describeType, type FlowType } from '../expression/flow-types.js'
import type { DeclarationPath, Step } from '../flow-declaration.js'
import type { ExpressionChecker } from './analyze-expression.js'
import type { AnalysisContext, FlowWrite } from './analyze-flow.js'
import type { Finding } from './finding.js'
import { identifies } from './flow-scope.js'

export interface MappingWrites {
  readonly writes: readonly FlowWrite[]
}

/**
 * An `import` needs an import mapping whose key identifies one object (the bulk upsert
 * writes by that key); an `export` needs an export mapping and a list of its entity.
 */
export function checkMappingStep(
  step: Extract<Step, { kind: 'import' | 'export' }>,
  at: DeclarationPath,
  module: string,
  ctx: AnalysisContext,
  exprs: ExpressionChecker,
  scope: ReadonlyMap<string, FlowType>,
  findings: Finding[],
): MappingWrites {
  const mapping = ctx.mappings.find(step.mapping, module)
  const wrongWay = step.kind === 'import' ? 'export' : 'import'
  if (!mapping) {
    findings.push({ code: 'PF309', at: [...at, 'mapping'], message: `no mapping ${step.mapping}; write Name (same module) or Module.Name` })
  } else if (mapping.direction === wrongWay) {
    findings.push({ code: 'PF309', at: [...at, 'mapping'], message: `mapping ${step.mapping} is ${wrongWay}-only; it cannot ${step.kind}` })
  }
  const entity = mapping ? ctx.index.entity(mapping.entity) : undefined
  if (step.kind === 'export') {
    const t = exprs.check(step.rows, scope)?.type
    if (t && entity && t.kind !== 'any' && !(t.kind === 'list' && (t.element.kind === 'any' || (t.element.kind === 'object' && t.element.entity === entity.qualifiedName)))) {
      findings.push({ code: 'PF303', at: step.rows.at, message: `rows must be a list of ${entity.qualifiedName}, not ${describeType(t)}` })
    }
    return { writes: [] }
  }
  if (step.from) exprs.check(step.from, scope)
  if (!mapping || !entity) return { writes: [] }
  if (mapping.key && entity.persistent && !identifies(entity, mapping.key)) {
    findings.push({
      code: 'PF312',
      at: [...at, 'mapping'],
      message: `mapping ${step.mapping} finds objects by ${mapping.key.join(', ')}, which is not unique in ${entity.qualifiedName}: an import upserts by its key, so declare it unique`,
    })
  }
  return { writes: importWrites(mapping, entity, ctx.index) }
}

/** Every entity an import writes: the root and each nested level, created or updated. */
function importWrites(mapping: MappingDeclaration, root: EntityModel, index: ModelIndex): FlowWrite[] {
  const out: FlowWrite[] = []
  const visit = (entity: EntityModel, fields: readonly FieldDeclaration[]): void => {
    out.push({ entity: entity.qualifiedName, kinds: ['created', 'updated'] })
    for (const f of fields) {
      const target = f.fields ? index.navigation(entity, f.member)?.target : undefined
      if (target && f.fields) visit(target, f.fields)
    }
  }
  visit(root, mapping.fields)
  return out
}
