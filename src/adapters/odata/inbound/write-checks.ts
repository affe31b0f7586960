import type { Row } from '../../../kernel/index.js'
import { odataErrors } from '../odata-errors.js'
import type { ODataEntitySet } from '../service/service-model.js'

/** Refuses a write the entity set's capabilities do not allow (405). */
export function requireCapability(set: ODataEntitySet, capability: 'insertable' | 'updatable' | 'deletable'): void {
  if (!set.capabilities[capability]) {
    throw odataErrors.create('ODATA_METHOD_NOT_ALLOWED', `${set.name} is not ${capability} (see Capabilities in $metadata)`, { target: set.name })
  }
}

/** Unexposed members keep their value on PUT; exposed writable ones not given get their default or null. */
export function defaultsOf(set: ODataEntitySet): Row {
  const out: Row = {}
  for (const p of set.properties) if (!p.readOnly && !set.key.includes(p)) out[p.member] = p.attribute?.default ?? null
  return out
}
