import { diagnostic, sortDiagnostics, type Diagnostic, type Severity } from './diagnostic.js'
import { indexModel, type ModelIndex } from './model-index.js'
import { locate } from './schema-validator.js'
import type { AppModel, ExtensionModel, SourcePosition } from './types.js'
import { joinPointer } from './yaml-source.js'

/** What a rule sees: the model, lookups, a clock, and a way to report. */
export interface CheckContext {
  readonly model: AppModel
  readonly index: ModelIndex
  /** The checker's clock (sunset dates, …); injectable for tests. */
  readonly now: Date
  report(pos: SourcePosition, message: string): void
  /** Position of a field inside an extension declaration, e.g. `['resources', 0, 'entity']`. */
  at(extension: ExtensionModel, path: readonly (string | number)[], options?: { key?: boolean }): SourcePosition
}

/** One consistency rule with one documented code. */
export interface CheckRule {
  readonly code: string
  readonly severity: Severity
  /** A short title for docs/diagnostics.md. */
  readonly title: string
  /** What the rule guards and how to fix a finding, for docs/diagnostics.md. */
  readonly description: string
  check(ctx: CheckContext): void
}

export interface CheckOptions {
  readonly now?: Date
}

/** The set of rules a runtime checks models with; adapters add theirs. */
export interface RuleRegistry {
  readonly rules: readonly CheckRule[]
  check(model: AppModel, options?: CheckOptions): Diagnostic[]
}

/**
 * Builds a registry. Codes are unique: a second rule with a taken code is a defect and
 * throws at startup, not when a model happens to trigger it.
 */
export function createRuleRegistry(rules: readonly CheckRule[]): RuleRegistry {
  const codes = new Set<string>()
  for (const rule of rules) {
    if (codes.has(rule.code)) throw new Error(`two checker rules share code ${rule.code}`)
    codes.add(rule.code)
  }
  const frozen = Object.freeze([...rules])
  return {
    rules: frozen,
    check(model, options = {}) {
      const index = indexModel(model)
      const out: Diagnostic[] = []
      for (const rule of frozen) {
        const ctx: CheckContext = {
          model,
          index,
          now: options.now ?? new Date(),
          report: (pos, message) => out.push(diagnostic(rule.code, rule.severity, pos, message)),
          at: (extension, path, opts) =>
            locate(
              model.sources.get(extension.pos.file) ?? new Map(),
              joinPointer(extension.pointer, ...path),
              extension.pos.file,
              opts?.key ?? false,
            ),
        }
        rule.check(ctx)
      }
      return sortDiagnostics(out)
    },
  }
}
