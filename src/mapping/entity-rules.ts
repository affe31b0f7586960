import type { CheckRule, EntityModel } from '../model/index.js'
import { checkedMappings, fieldAt, mappingLevels, type MappingLevelInfo } from './mapping-levels.js'

/** The root entity must exist: everything else in the mapping is read against it. */
export const unknownEntityRule: CheckRule = {
  code: 'PM301',
  severity: 'error',
  title: 'Mapping entity does not exist',
  description: 'A mapping’s `entity` names no entity of the model. Write the entity’s name (of the same module) or Module.Entity.',
  check(ctx) {
    for (const m of checkedMappings(ctx)) {
      if (m.entity) continue
      ctx.report(ctx.at(m.extension, ['entity']), `mapping ${m.declaration.name}: no entity ${m.declaration.entity}; write Name (same module) or Module.Name`)
    }
  },
}

/** Two declarations of one name would make `registry.get(name)` ambiguous. */
export const duplicateMappingRule: CheckRule = {
  code: 'PM311',
  severity: 'error',
  title: 'Mapping declared twice',
  description: 'Two files of one module declare a mapping of the same name. Mappings are found by Module.Name, so the name must be unique in its module; rename one.',
  check(ctx) {
    const seen = new Map<string, string>()
    for (const m of checkedMappings(ctx)) {
      const name = `${m.declaration.module}.${m.declaration.name}`
      const first = seen.get(name)
      if (first) ctx.report(m.extension.pos, `mapping ${name} is already declared in ${first}; rename one`)
      else seen.set(name, m.extension.pos.file)
    }
  },
}

/** A non-persistent entity has no table to find an object in. */
export const transientKeyRule: CheckRule = {
  code: 'PM312',
  severity: 'error',
  title: 'Find-or-create on a non-persistent entity',
  description: 'A mapping level declares a `key` (find-or-create) for a non-persistent entity, which is never stored, so there is nothing to find. Non-persistent entities are fine as mapping targets (message shapes); remove the key.',
  check(ctx) {
    for (const level of mappingLevels(ctx)) {
      if (!level.key || level.entity.persistent) continue
      ctx.report(ctx.at(level.mapping.extension, [...level.at, 'key']), `${level.entity.qualifiedName} is not persistent: there is no stored object to find by key; remove the key`)
    }
  },
}

/** Whether `members` are covered by a unique attribute or a unique index of exactly those members. */
function identifies(entity: EntityModel, members: readonly string[]): boolean {
  if (members.length === 1 && entity.attributes.some((a) => a.name === members[0] && a.unique)) return true
  return entity.indexes.some((ix) => ix.unique && ix.members.length === members.length && ix.members.every((m) => members.includes(m)))
}

/** A key that is not unique makes find-or-create fail at run time as soon as two objects share it. */
export const keyNotUniqueRule: CheckRule = {
  code: 'PM313',
  severity: 'warning',
  title: 'Key does not identify one object',
  description:
    'A find-or-create `key` or a `lookup` key is not declared unique (no unique attribute, no unique index of exactly those members), so two objects may share it and the import fails with KERNEL_KEY_NOT_UNIQUE. Make the attribute unique or add a unique index. A nested level’s key is looked up among the parent’s children, so this applies to root keys and lookups only.',
  check(ctx) {
    for (const level of mappingLevels(ctx)) {
      if (level.key && !level.parent && level.entity.persistent && !identifies(level.entity, level.key)) {
        ctx.report(ctx.at(level.mapping.extension, [...level.at, 'key']), `${level.key.join(', ')} is not unique in ${level.entity.qualifiedName}: several objects may match; declare it unique or add a unique index`)
      }
      for (const f of level.fields) {
        if (f.kind !== 'lookup' || identifies(f.navigation.target, [f.key.name])) continue
        ctx.report(fieldAt(ctx, level.mapping, f, ['lookup', 'key']), `lookup key '${f.key.name}' is not unique in ${f.navigation.target.qualifiedName}: several objects may match; declare it unique`)
      }
    }
  },
}

/** The members a level sets; the reference back to the parent is set by the parent. */
function setMembers(level: MappingLevelInfo): Set<string> {
  const set = new Set(level.fields.map((f) => f.field.member))
  const parent = level.parent?.navigation
  if (parent?.direction === 'inverse') set.add(parent.association.name)
  return set
}

/** An import that creates objects must give every required member a value. */
export const requiredNeverSetRule: CheckRule = {
  code: 'PM305',
  severity: 'error',
  title: 'Required member never set by an import',
  description:
    'An import mapping creates objects (whenMissing create, or no key) but no field sets a required attribute or reference that has no default, so every created object would be refused. Map it, give the field a default, or give the attribute a default in the model.',
  check(ctx) {
    for (const level of mappingLevels(ctx)) {
      if (level.mapping.declaration.direction === 'export' || (level.key && level.whenMissing !== 'create') || !level.entity.persistent) continue
      const set = setMembers(level)
      const missing = [
        ...level.entity.attributes.filter((a) => a.required && !a.system && a.default === undefined && a.type.kind !== 'AutoNumber' && !set.has(a.name)).map((a) => a.name),
        ...level.entity.associations.filter((a) => a.required && !set.has(a.name)).map((a) => a.name),
      ]
      if (missing.length === 0) continue
      const where = level.parent ? ctx.at(level.mapping.extension, [...level.at, 'member']) : ctx.at(level.mapping.extension, ['entity'])
      ctx.report(where, `${level.entity.qualifiedName} requires ${missing.join(', ')}, which no field of this ${level.parent ? 'nested ' : ''}mapping sets: created objects would be refused; map ${missing.length > 1 ? 'them' : 'it'} or give a default`)
    }
  },
}

/** A key member must come from the record, or the key is never complete. */
export const keyNotMappedRule: CheckRule = {
  code: 'PM315',
  severity: 'error',
  title: 'Key member not set by the mapping',
  description: 'A `key` lists a member that no field of the same level sets as an attribute, so the import could never find an object by it. Add a field for the member, or remove it from the key.',
  check(ctx) {
    for (const level of mappingLevels(ctx)) {
      const attributes = new Set(level.fields.flatMap((f) => (f.kind === 'attribute' ? [f.field.member] : [])))
      level.key?.forEach((member, i) => {
        if (attributes.has(member)) return
        ctx.report(ctx.at(level.mapping.extension, [...level.at, 'key', i]), `key member '${member}' is not set as an attribute by any field of this ${level.parent ? 'nested ' : ''}mapping; add a field or remove it from the key`)
      })
    }
  },
}

export const entityRules: readonly CheckRule[] = [unknownEntityRule, requiredNeverSetRule, duplicateMappingRule, transientKeyRule, keyNotUniqueRule, keyNotMappedRule]
