import type { CheckContext, EntityModel, ExtensionModel } from '../model/index.js'
import type { WhenMissing } from './import-record.js'
import { mappingDeclarations } from './compile-mappings.js'
import { readMappingDeclaration, type DeclarationPath, type MappingDeclaration } from './mapping-declaration.js'
import { resolveFields, type ResolvedField } from './resolve-field.js'

/** A declaration with its root entity (when it exists) and its fields resolved. */
export interface CheckedMapping {
  readonly declaration: MappingDeclaration
  readonly extension: ExtensionModel
  readonly entity?: EntityModel
  readonly fields: readonly ResolvedField[]
}

/** One object level of a mapping: the root, or a nested field with its own fields. */
export interface MappingLevelInfo {
  readonly mapping: CheckedMapping
  readonly entity: EntityModel
  readonly fields: readonly ResolvedField[]
  readonly key?: readonly string[]
  readonly whenMissing: WhenMissing
  /** Path of the level in the declaration: [] for the root, the field's path for a nested one. */
  readonly at: DeclarationPath
  /** For a nested level, the field that opens it. */
  readonly parent?: Extract<ResolvedField, { kind: 'nested' }>
}

/** Every mapping of the model, read and resolved for the rules. */
export function checkedMappings(ctx: CheckContext): CheckedMapping[] {
  return mappingDeclarations(ctx.model).map((extension) => {
    const declaration = readMappingDeclaration(extension)
    const entity = ctx.index.entity(declaration.entity)
    return { declaration, extension, ...(entity ? { entity } : {}), fields: entity ? resolveFields(ctx.index, entity, declaration.fields) : [] }
  })
}

/** Every level of every mapping whose root entity exists, root first. */
export function mappingLevels(ctx: CheckContext): MappingLevelInfo[] {
  const out: MappingLevelInfo[] = []
  for (const mapping of checkedMappings(ctx)) {
    if (!mapping.entity) continue
    const d = mapping.declaration
    const visit = (level: MappingLevelInfo): void => {
      out.push(level)
      for (const f of level.fields) {
        if (f.kind !== 'nested') continue
        visit({
          mapping,
          entity: f.navigation.target,
          fields: f.fields,
          ...(f.field.key ? { key: f.field.key } : {}),
          whenMissing: f.field.whenMissing ?? 'create',
          at: f.field.at,
          parent: f,
        })
      }
    }
    visit({ mapping, entity: mapping.entity, fields: mapping.fields, ...(d.key ? { key: d.key } : {}), whenMissing: d.whenMissing, at: [] })
  }
  return out
}

/** Where a field's part sits (`member`, `path`, `convert`, …), for `ctx.at`. */
export function fieldAt(ctx: CheckContext, mapping: CheckedMapping, f: ResolvedField, part: string | readonly (string | number)[]) {
  return ctx.at(mapping.extension, [...f.field.at, ...(typeof part === 'string' ? [part] : part)])
}

/** The wire location key of a field in its kind: `column` for CSV, `path` otherwise. */
export function locationKey(mapping: CheckedMapping): 'column' | 'path' {
  return mapping.declaration.kind === 'csv' ? 'column' : 'path'
}
