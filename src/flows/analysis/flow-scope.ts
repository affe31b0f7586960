import { mappingDeclarations, readMappingDeclaration, type MappingDeclaration } from '../../mapping/index.js'
import type { AppModel, EntityModel, ModelIndex } from '../../model/index.js'
import { ANY, DATE_TIME, INTEGER, objectOf, recordOf, scalar, STRING, type FlowType } from '../expression/flow-types.js'
import type { FlowDeclaration } from '../flow-declaration.js'

/** What an `import` step's `as` variable holds: counts of the run's records. */
export const IMPORT_SUMMARY: FlowType = recordOf('ImportSummary', {
  records: INTEGER,
  created: INTEGER,
  updated: INTEGER,
  ignored: INTEGER,
  skipped: INTEGER,
})

/** Mappings by the names a flow may use: `Module.Name`, and the bare name when unambiguous. */
export interface MappingLookup {
  find(name: string, module: string): MappingDeclaration | undefined
}

export function mappingLookup(model: AppModel): MappingLookup {
  const all = mappingDeclarations(model).map(readMappingDeclaration)
  const byQualified = new Map(all.map((m) => [`${m.module}.${m.name}`, m]))
  return {
    find(name, module) {
      if (name.includes('.')) return byQualified.get(name)
      const local = byQualified.get(`${module}.${name}`)
      if (local) return local
      const matches = all.filter((m) => m.name === name)
      return matches.length === 1 ? matches[0] : undefined
    },
  }
}

/** Variables the runtime sets; a parameter may not take their names. */
export const RESERVED_VARIABLES: readonly string[] = ['input', 'event', 'previous', 'tick']

/** The variables every step of a flow sees: `$input`, its parameters, and per trigger `$event`, `$previous`, `$tick`. */
export function initialVariables(flow: FlowDeclaration, index: ModelIndex): Map<string, FlowType> {
  const vars = new Map<string, FlowType>()
  const t = flow.trigger
  if (t.kind === 'entity' && index.entity(t.entity)) {
    vars.set('input', objectOf(t.entity))
    vars.set('previous', objectOf(t.entity))
    vars.set('event', STRING)
  } else if (flow.input.entity && index.entity(flow.input.entity)) {
    vars.set('input', objectOf(flow.input.entity))
  } else {
    vars.set('input', ANY)
  }
  if (t.kind === 'schedule') vars.set('tick', DATE_TIME)
  for (const p of flow.parameters) if (!vars.has(p.name)) vars.set(p.name, scalar(p.type))
  return vars
}

/** Whether `members` are one unique attribute or exactly the members of a unique index. */
export function identifies(entity: EntityModel, members: readonly string[]): boolean {
  if (members.length === 1 && entity.attributes.some((a) => a.name === members[0] && (a.unique || a.name === 'id'))) return true
  return entity.indexes.some((ix) => ix.unique && ix.members.length === members.length && ix.members.every((m) => members.includes(m)))
}
