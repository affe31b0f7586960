import type { EntityModel, ModelIndex } from '../../model/index.js'
import type { CheckedExpression } from '../expression/check-expression.js'
import { ANY, describeType, listOf, objectOf, STRING, type FlowType } from '../expression/flow-types.js'
import type { DeclarationPath, EventKind, FlowDeclaration, Source, Step } from '../flow-declaration.js'
import { ExpressionChecker } from './analyze-expression.js'
import { checkRequired, checkValues } from './analyze-values.js'
import { checkMappingStep, type MappingWrites } from './analyze-mapping-step.js'
import type { Finding } from './finding.js'
import { IMPORT_SUMMARY, initialVariables, identifies, RESERVED_VARIABLES, type MappingLookup } from './flow-scope.js'

/** One entity a flow writes, and the events those writes cause. */
export interface FlowWrite {
  readonly entity: string
  readonly kinds: readonly EventKind[]
}

/** What the checker learns from one flow: its findings, its checked expressions, what it writes. */
export interface FlowAnalysis {
  readonly flow: FlowDeclaration
  readonly findings: readonly Finding[]
  readonly expressions: ReadonlyMap<Source, CheckedExpression>
  readonly writes: readonly FlowWrite[]
}

export interface AnalysisContext {
  readonly index: ModelIndex
  readonly mappings: MappingLookup
  /** Names of the app's custom actions; when absent, actions are not checked. */
  readonly actions?: ReadonlySet<string>
}

type Scope = Map<string, FlowType>

/** Walks a flow's steps with the variables each one sees, checking names, types and reachability. */
export function analyzeFlow(flow: FlowDeclaration, ctx: AnalysisContext): FlowAnalysis {
  const findings: Finding[] = []
  const exprs = new ExpressionChecker(ctx.index)
  const writes: FlowWrite[] = []
  const walker = new StepWalker(flow, ctx, exprs, findings, writes)
  walker.triggerAndInput()
  walker.steps(flow.steps, initialVariables(flow, ctx.index))
  return { flow, findings: [...findings, ...exprs.findings], expressions: exprs.checked, writes }
}

class StepWalker {
  constructor(
    private readonly flow: FlowDeclaration,
    private readonly ctx: AnalysisContext,
    private readonly exprs: ExpressionChecker,
    private readonly findings: Finding[],
    private readonly writes: FlowWrite[],
  ) {}

  private report(finding: Finding): void {
    this.findings.push(finding)
  }

  /** A persistent entity named by the flow, or undefined after reporting (PF301). */
  entity(name: string, at: DeclarationPath): EntityModel | undefined {
    const entity = this.ctx.index.entity(name)
    if (!entity) this.report({ code: 'PF301', at, message: `no entity ${name}; write Name (same module) or Module.Name` })
    else if (!entity.persistent) this.report({ code: 'PF301', at, message: `${name} is not persistent: flows read and write stored objects only` })
    return entity?.persistent ? entity : undefined
  }

  triggerAndInput(): void {
    const t = this.flow.trigger
    if (t.kind === 'entity') this.entity(t.entity, ['trigger', 'entity'])
    // The input may be a message shape (a non-persistent entity): it is read, never stored.
    if (this.flow.input.entity && !this.ctx.index.entity(this.flow.input.entity)) {
      this.report({ code: 'PF301', at: ['input', 'entity'], message: `no entity ${this.flow.input.entity}; write Name (same module) or Module.Name` })
    }
    for (const p of this.flow.parameters) {
      if (RESERVED_VARIABLES.includes(p.name)) {
        this.report({ code: 'PF314', at: ['parameters', p.name], key: true, message: `a parameter may not be called '${p.name}': $${p.name} is set by the runtime (reserved: ${RESERVED_VARIABLES.join(', ')})` })
      }
    }
    if (this.flow.input.mapping && !this.ctx.mappings.find(this.flow.input.mapping, this.flow.module)) {
      this.report({ code: 'PF309', at: ['input', 'mapping'], message: `no mapping ${this.flow.input.mapping}` })
    }
  }

  /** Checks a block; true when it always ends the run (return or fail). */
  steps(list: readonly Step[], scope: Scope): boolean {
    let ended = false
    for (const step of list) {
      if (ended) {
        this.report({ code: 'PF305', at: step.at, message: 'this step is never reached: a return or fail before it always ends the run' })
        return true
      }
      ended = this.step(step, scope)
    }
    return ended
  }

  private step(step: Step, scope: Scope): boolean {
    const at = [...step.at, step.kind]
    switch (step.kind) {
      case 'import':
      case 'export':
        this.mappingStep(step, scope, at)
        return false
      case 'create':
      case 'update':
      case 'upsert':
      case 'delete':
        this.write(step, scope, at)
        return false
      case 'query':
        this.query(step, scope, at)
        return false
      default:
        return this.control(step, scope, at)
    }
  }

  private mappingStep(step: Extract<Step, { kind: 'import' | 'export' }>, scope: Scope, at: DeclarationPath): void {
    const result: MappingWrites = checkMappingStep(step, at, this.flow.module, this.ctx, this.exprs, scope, this.findings)
    this.writes.push(...result.writes)
    if (step.as) scope.set(step.as, step.kind === 'import' ? IMPORT_SUMMARY : STRING)
  }

  private write(step: Extract<Step, { kind: 'create' | 'update' | 'upsert' | 'delete' }>, scope: Scope, at: DeclarationPath): void {
    const entity = this.entity(step.entity, [...at, 'entity'])
    if (step.kind === 'update' || step.kind === 'delete') this.idExpression(step.id, step.entity, scope)
    if (!entity) return
    const kinds: EventKind[] = step.kind === 'create' ? ['created'] : step.kind === 'update' ? ['updated'] : step.kind === 'delete' ? ['deleted'] : ['created', 'updated']
    this.writes.push({ entity: entity.qualifiedName, kinds })
    if (step.kind === 'delete') return
    checkValues(entity, step.values, this.exprs, scope, this.ctx.index, this.findings)
    if (step.kind === 'upsert') this.upsertKey(step, entity, at)
    if (step.kind === 'create' || (step.kind === 'upsert' && step.whenMissing === 'create')) checkRequired(entity, step.values, at, this.findings)
    if (step.as) scope.set(step.as, objectOf(entity.qualifiedName))
  }

  private upsertKey(step: Extract<Step, { kind: 'upsert' }>, entity: EntityModel, at: DeclarationPath): void {
    const set = new Set(step.values.map((v) => v.member))
    for (const [i, member] of step.key.entries()) {
      if (!set.has(member)) this.report({ code: 'PF302', at: [...at, 'key', i], message: `key member '${member}' has no value: add it to values, or write key: { ${member}: … }` })
    }
    if (!identifies(entity, step.key)) {
      this.report({ code: 'PF312', at: [...at, 'key'], message: `${step.key.join(', ')} is not unique in ${entity.qualifiedName}: declare it unique or add a unique index of exactly these members` })
    }
  }

  private idExpression(source: Source, entity: string, scope: Scope): void {
    const checked = this.exprs.check(source, scope)
    const t = checked?.type
    if (!t || t.kind === 'any' || (t.kind === 'object' && t.entity === entity) || (t.kind === 'scalar' && (t.name === 'Integer' || t.name === 'Long'))) return
    this.report({ code: 'PF303', at: source.at, message: `id must be a ${entity} or its id, not ${describeType(t)}` })
  }

  private query(step: Extract<Step, { kind: 'query' }>, scope: Scope, at: DeclarationPath): void {
    const entity = this.entity(step.entity, [...at, 'entity'])
    if (entity && step.where) this.condition(step.where, scope, entity)
    if (entity && step.orderBy) {
      for (const item of step.orderBy.split(',')) {
        const member = item.trim().split(/\s+/)[0] ?? ''
        if (!this.ctx.index.attribute(entity, member)) this.report({ code: 'PF302', at: [...at, 'orderBy'], message: `orderBy: ${entity.qualifiedName} has no attribute '${member}'` })
      }
    }
    scope.set(step.as, listOf(entity ? objectOf(entity.qualifiedName) : ANY))
  }

  private condition(source: Source, scope: Scope, entity?: EntityModel): void {
    const checked = this.exprs.check(source, scope, entity)
    const t = checked?.type
    if (t && t.kind !== 'any' && !(t.kind === 'scalar' && t.name === 'Boolean')) {
      this.report({ code: 'PF307', at: source.at, message: `a condition must be true or false, not ${describeType(t)}` })
    }
  }

  private control(step: Step, scope: Scope, at: DeclarationPath): boolean {
    switch (step.kind) {
      case 'validate':
        this.condition(step.condition, scope)
        this.exprs.message(step.message, scope)
        return false
      case 'if': {
        this.condition(step.condition, scope)
        const a = this.steps(step.then, new Map(scope))
        const b = this.steps(step.else, new Map(scope))
        return a && b
      }
      case 'forEach':
        this.forEach(step, scope)
        return false
      default:
        return this.simple(step, scope, at)
    }
  }

  private forEach(step: Extract<Step, { kind: 'forEach' }>, scope: Scope): void {
    const t = this.exprs.check(step.in, scope)?.type ?? ANY
    if (t.kind !== 'list' && t.kind !== 'any') this.report({ code: 'PF307', at: step.in.at, message: `forEach needs a list, not ${describeType(t)}` })
    this.steps(step.steps, new Map(scope).set(step.as, t.kind === 'list' ? t.element : ANY))
  }

  private simple(step: Step, scope: Scope, at: DeclarationPath): boolean {
    switch (step.kind) {
      case 'action':
        if (this.ctx.actions && !this.ctx.actions.has(step.name)) {
          const known = [...this.ctx.actions].join(', ') || 'none'
          this.report({ code: 'PF306', at: [...at, 'name'], message: `no custom action '${step.name}' (actions/${step.name}.ts); actions: ${known}` })
        }
        if (step.input) this.exprs.template(step.input, scope)
        if (step.as) scope.set(step.as, ANY)
        return false
      case 'publish':
        if (step.key) this.exprs.check(step.key, scope)
        this.exprs.template(step.payload, scope)
        return false
      case 'set':
        for (const [name, source] of step.variables) scope.set(name, this.exprs.check(source, scope)?.type ?? ANY)
        return false
      case 'return':
        this.exprs.template(step.value, scope)
        return true
      case 'fail':
        this.exprs.message(step.message, scope)
        return true
      default:
        this.report({ code: 'PF311', at, key: true, message: `${step.kind} steps are not wired yet: the run fails when it reaches this step` })
        return false
    }
  }
}
