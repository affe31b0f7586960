import type { CheckRule } from '../checker.js'
import { accessRules } from './access-rules.js'
import { appRules } from './app-rules.js'
import { associationRules } from './association-rules.js'
import { attributeTypeRules } from './attribute-type-rules.js'
import { constraintRules } from './constraint-rules.js'
import { defaultRules } from './default-rules.js'
import { enumRules } from './enum-rules.js'
import { indexRules } from './index-rules.js'
import { namingRules } from './naming-rules.js'
import { physicalNameRules } from './physical-name-rules.js'

/**
 * The consistency rules of the domain model (codes PD1xx), in code order. A runtime
 * registers them with `createRuleRegistry(domainRules)`, adding the rules of its adapters;
 * docs/diagnostics.md documents every code and a test keeps the two in step.
 */
export const domainRules: readonly CheckRule[] = Object.freeze(
  [
    ...namingRules,
    ...physicalNameRules,
    ...attributeTypeRules,
    ...defaultRules,
    ...constraintRules,
    ...associationRules,
    ...indexRules,
    ...enumRules,
    ...accessRules,
    ...appRules,
  ].sort((a, b) => a.code.localeCompare(b.code)),
)
