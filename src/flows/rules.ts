import { Cron } from 'croner'
import type { AppModel, CheckContext, CheckRule, Severity } from '../model/index.js'
import { analyzeFlow, type FlowAnalysis } from './analysis/analyze-flow.js'
import type { FlowRuleCode } from './analysis/finding.js'
import { mappingLookup } from './analysis/flow-scope.js'
import { temporalProblem } from './expression/temporal-values.js'
import { flowExtensions, readFlowDeclaration } from './flow-declaration.js'
import { flowCycles } from './rules/flow-cycles.js'
import { findingPosition, type ReadModelFile } from './rules/finding-position.js'

export type { ReadModelFile } from './rules/finding-position.js'

export interface FlowRuleOptions {
  /** Reads a model file, to place findings inside expressions exactly. */
  readonly readFile: ReadModelFile
  /** Names of the custom actions of the app in `appDir` (its `actions/` folder). */
  readonly listActions: (appDir: string) => readonly string[]
}

interface RuleText {
  readonly code: FlowRuleCode
  readonly severity: Severity
  readonly title: string
  readonly description: string
}

const RULES: readonly RuleText[] = [
  { code: 'PF301', severity: 'error', title: 'Flow names an unknown entity', description: 'A flow’s trigger, input or step names an entity the model does not have, or (trigger and steps) one that is not persistent: flows read and write stored objects; only `input.entity` may be a message shape. Write Name (same module) or Module.Name.' },
  { code: 'PF302', severity: 'error', title: 'Flow names an unknown or read-only member', description: 'A `values:` entry, an upsert key or an `orderBy` names a member the entity does not have, or one the runtime sets (id, createdAt, changedAt, version, AutoNumber). An upsert key member must also have a value.' },
  { code: 'PF303', severity: 'error', title: 'Value does not fit its member', description: 'The type of a value written by a step does not fit the member’s type (text into a number, a Decimal into an Integer, a date that is not one, an enumeration value that does not exist), or an `id`/`rows` expression has the wrong type.' },
  { code: 'PF304', severity: 'error', title: 'Required member never set by a create', description: 'A `create` (or an `upsert` that creates) never sets a required member that has no default, so every create it makes fails. Set the member in `values:` or give it a default in the domain model.' },
  { code: 'PF305', severity: 'warning', title: 'Step is never reached', description: 'A step follows a `return` or a `fail` (or an `if` whose branches all end the run) in the same list, so it never runs. Remove it or move it before.' },
  { code: 'PF306', severity: 'error', title: 'Unknown custom action', description: 'An `action` step names a custom action that the app does not have: actions are TypeScript or JavaScript modules `actions/<name>.ts` in the app folder that default-export `defineAction({ name, run })`.' },
  { code: 'PF307', severity: 'error', title: 'Expression does not type-check', description: 'An expression does not parse, names an unknown variable, member or function, or combines values of the wrong types (the message says which and where; docs/flows.md describes the language). Query filters may only use what runs in the database over members.' },
  { code: 'PF308', severity: 'error', title: 'Flows trigger each other in a cycle', description: 'A flow writes an entity whose events trigger another flow, which (directly or through others) triggers the first again: every run starts the next, forever. Break the cycle: narrow a trigger’s `on:` list or write another entity.' },
  { code: 'PF309', severity: 'error', title: 'Flow names an unknown mapping', description: 'An `import`, `export` or `input.mapping` names a mapping the model does not declare, or one of the wrong direction (an import of an export-only mapping).' },
  { code: 'PF310', severity: 'error', title: 'Schedule is not a valid cron', description: 'A schedule trigger has no cron, a cron expression that does not parse, or a time zone the runtime does not know (an IANA name such as Europe/Berlin).' },
  { code: 'PF311', severity: 'info', title: 'Trigger or step not wired yet', description: 'The flow uses a message or file trigger, or a `call` or `writeFile` step, whose protocol is wired by a later part of Portico. The model is valid; the flow does not start by that trigger, and a run fails when it reaches such a step.' },
  { code: 'PF312', severity: 'error', title: 'Upsert key does not identify one object', description: 'An `upsert` step’s key, or the key of a mapping an `import` step uses, is not a unique attribute or exactly the members of a unique index. Imports write by that key (INSERT … ON CONFLICT), so it must be declared unique.' },
  { code: 'PF313', severity: 'error', title: 'Flow declared twice', description: 'Two files of one module declare a flow of the same name. Flows are run by Module.Name, so the name must be unique in its module; rename one.' },
  { code: 'PF314', severity: 'error', title: 'Flow parameter takes a reserved name', description: 'A flow’s parameters become variables ($name); `input`, `event`, `previous` and `tick` are set by the runtime, so a parameter may not take one of those names.' },
]

/**
 * The checker rules of flows (codes PF3xx), documented in docs/diagnostics.md. Each flow is
 * analysed once per model checked; every rule reports its own code from that analysis.
 */
export function createFlowRules(options: FlowRuleOptions): readonly CheckRule[] {
  const cache = new WeakMap<AppModel, readonly FlowAnalysis[]>()
  const analyses = (ctx: CheckContext): readonly FlowAnalysis[] => {
    let found = cache.get(ctx.model)
    if (!found) {
      const actions = new Set(options.listActions(ctx.model.dir))
      const analysisCtx = { index: ctx.index, mappings: mappingLookup(ctx.model), actions }
      found = flowExtensions(ctx.model.modules).map((e) => analyzeFlow(readFlowDeclaration(e), analysisCtx))
      cache.set(ctx.model, found)
    }
    return found
  }
  const special: Partial<Record<FlowRuleCode, (ctx: CheckContext, all: readonly FlowAnalysis[]) => void>> = {
    PF308: reportCycles,
    PF310: reportSchedules,
    PF311: reportUnwiredTriggers,
    PF313: reportDuplicates,
  }
  return Object.freeze(
    RULES.map((text) => ({
      ...text,
      check(ctx: CheckContext) {
        const all = analyses(ctx)
        for (const a of all) {
          for (const f of a.findings) if (f.code === text.code) ctx.report(findingPosition(ctx, a.flow.extension, f, options.readFile), `flow ${a.flow.extension.name}: ${f.message}`)
        }
        special[text.code]?.(ctx, all)
      },
    })),
  )
}

function reportCycles(ctx: CheckContext, all: readonly FlowAnalysis[]): void {
  for (const [a, names] of flowCycles(all)) {
    ctx.report(ctx.at(a.flow.extension, ['trigger']), `flow ${a.flow.extension.name}: flows trigger each other in a cycle (${names.join(' → ')}): each run starts the next forever`)
  }
}

function reportSchedules(ctx: CheckContext, all: readonly FlowAnalysis[]): void {
  for (const { flow } of all) {
    const t = flow.trigger
    if (t.kind !== 'schedule') continue
    const say = (path: string[], message: string) => ctx.report(ctx.at(flow.extension, path), `flow ${flow.extension.name}: ${message}`)
    if (!t.cron) {
      say(['trigger'], "a schedule needs a cron: cron: '0 2 * * *'")
      continue
    }
    try {
      new Cron(t.cron, { paused: true })
    } catch (error) {
      say(['trigger', 'cron'], `'${t.cron}' is not a cron expression: ${(error as Error).message}`)
    }
    const zone = t.timezone === undefined ? undefined : temporalProblem(undefined, t.timezone)
    if (zone) say(['trigger', 'timezone'], zone)
  }
}

function reportUnwiredTriggers(ctx: CheckContext, all: readonly FlowAnalysis[]): void {
  for (const { flow } of all) {
    const kind = flow.trigger.kind
    if (kind === 'message' || kind === 'file') {
      ctx.report(ctx.at(flow.extension, ['trigger', 'kind']), `flow ${flow.extension.name}: ${kind} triggers are not wired yet; run the flow by hand (portico flow run) until they are`)
    }
  }
}

function reportDuplicates(ctx: CheckContext, all: readonly FlowAnalysis[]): void {
  const seen = new Map<string, string>()
  for (const { flow } of all) {
    const first = seen.get(flow.name)
    if (first) ctx.report(flow.extension.pos, `flow ${flow.name} is already declared in ${first}; rename one`)
    else seen.set(flow.name, flow.extension.pos.file)
  }
}
