import type { AppModel, ExtensionModel, ModelIndex } from '../model/index.js'
import { compileMapping, type CompiledMapping } from './compiled-mapping.js'
import { mappingErrors } from './errors.js'
import { readMappingDeclaration } from './mapping-declaration.js'
import { resolveFields } from './resolve-field.js'

/** Every mapping of a model, compiled once when the runtime starts. */
export interface MappingRegistry {
  readonly mappings: readonly CompiledMapping[]
  /** By `Module.Name`, or by bare name when only one module declares it; else MAPPING_UNKNOWN. */
  get(name: string): CompiledMapping
  has(name: string): boolean
}

/** The `mappings:` declarations of a model. */
export function mappingDeclarations(model: AppModel): ExtensionModel[] {
  return model.modules.flatMap((m) => m.extensions.filter((e) => e.section === 'mappings'))
}

/**
 * Compiles every mapping of a model that checked without errors: each field becomes a
 * closure now, so no request or record interprets the declaration again.
 */
export function compileMappings(model: AppModel, index: ModelIndex): MappingRegistry {
  const mappings = mappingDeclarations(model).map((extension) => {
    const declaration = readMappingDeclaration(extension)
    const entity = index.entity(declaration.entity)
    if (!entity) throw mappingErrors.create('MAPPING_NOT_COMPILABLE', `mapping ${extension.name}: unknown entity ${declaration.entity}`)
    const fields = resolveFields(index, entity, declaration.fields)
    const root = { entity, fields, whenMissing: declaration.whenMissing, ...(declaration.key ? { key: declaration.key } : {}) }
    return compileMapping(declaration, root, index)
  })
  const byName = new Map<string, CompiledMapping | null>()
  for (const m of mappings) {
    byName.set(m.name, m)
    const bare = m.declaration.name
    byName.set(bare, byName.has(bare) ? null : m)
  }
  const find = (name: string) => byName.get(name) ?? undefined
  return Object.freeze({
    mappings: Object.freeze(mappings),
    has: (name: string) => find(name) !== undefined,
    get(name: string) {
      const found = find(name)
      if (found) return found
      const why = byName.get(name) === null ? `'${name}' is declared in several modules; say Module.${name}` : `no mapping '${name}'`
      throw mappingErrors.create('MAPPING_UNKNOWN', why, { target: name })
    },
  })
}
