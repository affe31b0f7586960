import { readFileSync } from 'node:fs'
import type { Adapter } from '../adapters/adapter.js'
import { createLoader, createRuleRegistry, type CheckRule, type ModelLoader, type RuleRegistry, type SectionSchema } from '../model/index.js'
import { domainRules } from '../model/rules/index.js'
import { createMappingRules, mappingSection } from '../mapping/index.js'
import { createFlowRules, flowSection, listActions } from '../flows/index.js'

/** The loader and checker for a set of adapters, built once. */
export interface Platform {
  readonly adapters: readonly Adapter[]
  readonly sections: readonly SectionSchema[]
  readonly loader: ModelLoader
  readonly registry: RuleRegistry
}

const SECTION_DESCRIPTIONS: Record<string, string> = {
  services: 'Published and consumed services (REST, OData, SOAP, …), each with a kind.',
}

/**
 * Collects the model sections and checker rules: the core layers' (mappings, flows) and the
 * adapters'. Every adapter's declaration schema joins its section, every rule joins the
 * domain rules. The mapping rules read `schema:`/`sample:` files through the reader given
 * here, since the mapping layer does no I/O of its own; the flow rules also list the app's
 * custom actions (`actions/`).
 */
export function createPlatform(adapters: readonly Adapter[], extraRules: readonly CheckRule[] = []): Platform {
  const bySection = new Map<string, Record<string, Adapter['schema']>>()
  for (const adapter of adapters) {
    const kinds = bySection.get(adapter.section) ?? {}
    if (kinds[adapter.kind]) throw new Error(`two adapters declare kind '${adapter.kind}' in section '${adapter.section}'`)
    kinds[adapter.kind] = adapter.schema
    bySection.set(adapter.section, kinds)
  }
  const sections: SectionSchema[] = [
    mappingSection,
    flowSection,
    ...[...bySection].map(([section, kinds]) => ({
      section,
      description: SECTION_DESCRIPTIONS[section] ?? `Declarations of the ${section} section.`,
      kinds,
    })),
  ]
  return {
    adapters,
    sections,
    loader: createLoader({ sections }),
    registry: createRuleRegistry([
      ...domainRules,
      ...createMappingRules({ readFile: (path) => readFileSync(path, 'utf8') }),
      ...createFlowRules({ readFile: (path) => readFileSync(path, 'utf8'), listActions }),
      ...adapters.flatMap((a) => a.rules ?? []),
      ...extraRules,
    ]),
  }
}
