import type { CheckRule } from '../model/index.js'
import { csvColumnsRule } from './csv-rules.js'
import { entityRules } from './entity-rules.js'
import { fieldRules } from './field-rules.js'
import type { ReadModelFile } from './structure-source.js'
import { createStructureRules } from './structure-rules.js'

export type { ReadModelFile } from './structure-source.js'

export interface MappingRuleOptions {
  /** Reads a `schema:` or `sample:` file; the mapping layer itself does no I/O. */
  readonly readFile: ReadModelFile
}

/**
 * The checker rules of mappings (codes PM3xx), in code order. The runtime registers them
 * beside the domain rules; docs/diagnostics.md documents every code.
 */
export function createMappingRules(options: MappingRuleOptions): readonly CheckRule[] {
  return Object.freeze([...entityRules, ...fieldRules, csvColumnsRule, ...createStructureRules(options.readFile)].sort((a, b) => a.code.localeCompare(b.code)))
}
