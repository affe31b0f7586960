import type { CheckContext, CheckRule, ExtensionModel } from '../model/index.js'
import type { ConvertDeclaration, XmlOptions } from './mapping-declaration.js'
import { compileConverter, INVALID } from './compile-converter.js'
import { compileDatePattern } from './date-pattern.js'
import { fieldConverter, valueType } from './field-converter.js'
import { parseJsonPath } from './json-wire-reader.js'
import { checkedMappings, fieldAt, locationKey, mappingLevels } from './mapping-levels.js'
import type { ResolvedField } from './resolve-field.js'
import { compileTimeZone } from './time-zone.js'
import { parseXmlPath } from './xml-path.js'

/** Every field must name a member of its entity. */
export const unknownMemberRule: CheckRule = {
  code: 'PM302',
  severity: 'error',
  title: 'Mapping field names an unknown member',
  description: 'A field’s `member` is neither an attribute nor an association (or inverse navigation) of the entity the field belongs to. Check the spelling against the entity, or map the value to the right nested level.',
  check(ctx) {
    for (const level of mappingLevels(ctx)) {
      for (const f of level.fields) if (f.kind === 'unknown' && f.problem === 'member') ctx.report(fieldAt(ctx, level.mapping, f, 'member'), f.reason)
    }
  },
}

/** How a field maps must suit what the member is. */
export const fieldShapeRule: CheckRule = {
  code: 'PM303',
  severity: 'error',
  title: 'Field does not fit its member',
  description:
    'A field maps its member in a way the member does not allow: nested `fields` or a `lookup` on an attribute, a to-many association without nested fields, or a lookup key that is not an attribute of the target. Attributes take a value; a reference takes an id or a lookup; collections and nested objects take nested fields.',
  check(ctx) {
    for (const level of mappingLevels(ctx)) {
      for (const f of level.fields) {
        if (f.kind !== 'unknown' || f.problem !== 'shape') continue
        const part = f.field.lookup && /lookup key/.test(f.reason) ? ['lookup', 'key'] : 'member'
        ctx.report(fieldAt(ctx, level.mapping, f, part), f.reason)
      }
    }
  },
}

/** One member set twice at one level: the second value silently wins, which is a mistake. */
export const memberTwiceRule: CheckRule = {
  code: 'PM314',
  severity: 'error',
  title: 'Member set by two fields',
  description: 'Two fields of one level set the same member, so one value would silently overwrite the other. Keep one field (use a choice path `a|b` in XML for alternatives).',
  check(ctx) {
    for (const level of mappingLevels(ctx)) {
      const seen = new Set<string>()
      for (const f of level.fields) {
        if (seen.has(f.field.member)) ctx.report(fieldAt(ctx, level.mapping, f, 'member'), `'${f.field.member}' is already set by an earlier field of this level; keep one`)
        seen.add(f.field.member)
      }
    }
  },
}

/** A conversion that cannot apply, a bad pattern or zone, a default of the wrong type: found at load. */
export const convertRule: CheckRule = {
  code: 'PM308',
  severity: 'error',
  title: 'Conversion or default does not fit the member',
  description:
    'A field’s `convert` does not apply to its member’s type (a date pattern on a number, true/false words on a date, a caption on a non-enumeration), a pattern uses an unknown letter, a time zone is unknown, or a `default` is not a value of the member’s type (defaults are written as stored: 2024-01-31, 12.5, an enumeration value name).',
  check(ctx) {
    for (const m of checkedMappings(ctx)) checkMappingConvert(ctx, m.extension, m.declaration.convert)
    for (const level of mappingLevels(ctx)) {
      for (const f of level.fields) {
        if (f.kind === 'nested' || f.kind === 'unknown') continue
        const converter = fieldConverter(f, true, ctx.index)
        if ('problem' in converter && f.field.convert) ctx.report(fieldAt(ctx, level.mapping, f, 'convert'), `${f.field.member}: ${converter.problem}`)
        if (f.field.default !== undefined && f.field.default !== null && !defaultFits(f, ctx)) {
          ctx.report(fieldAt(ctx, level.mapping, f, 'default'), `default ${JSON.stringify(f.field.default)} is not a ${valueType(f).kind} value as stored (dates as 2024-01-31, enumeration values by name)`)
        }
      }
    }
  },
}

function defaultFits(f: Exclude<ResolvedField, { kind: 'nested' | 'unknown' }>, ctx: CheckContext): boolean {
  const type = valueType(f)
  const enumeration = type.kind === 'Enum' ? ctx.index.enumeration(type.enumeration) : undefined
  const stored = compileConverter({ type, text: false, ...(enumeration ? { enumeration } : {}) })
  if ('problem' in stored) return false
  const value = f.field.default
  const typed = typeof value === 'string' && (type.kind === 'Decimal' || type.kind === 'Integer' || type.kind === 'Long') ? Number(value) : value
  return stored.read(typed) !== INVALID
}

function checkMappingConvert(ctx: CheckContext, extension: ExtensionModel, c: ConvertDeclaration | undefined): void {
  if (c?.pattern !== undefined) {
    const p = compileDatePattern(c.pattern)
    if ('problem' in p) ctx.report(ctx.at(extension, ['convert', 'pattern']), p.problem)
  }
  if (c?.timeZone !== undefined) {
    const z = compileTimeZone(c.timeZone)
    if ('problem' in z) ctx.report(ctx.at(extension, ['convert', 'timeZone']), z.problem)
  }
  if (c?.decimal !== undefined && c.decimal === c.grouping) ctx.report(ctx.at(extension, ['convert', 'grouping']), 'decimal and grouping separators must differ')
}

/** Paths are parsed at load; a typo is an error here, not a silently empty value per record. */
export const pathSyntaxRule: CheckRule = {
  code: 'PM309',
  severity: 'error',
  title: 'Malformed wire path',
  description:
    'A field’s path (or an XML mapping’s `record`) cannot be read: a JSON path that is not names separated by dots, `[]` missing on a collection or written on a single value, an XML name with a prefix the mapping does not declare in `namespaces`, or a nested XML field ending at an attribute.',
  check(ctx) {
    for (const m of checkedMappings(ctx)) {
      if (m.declaration.kind !== 'xml') continue
      const record = parseXmlPath(m.declaration.xml.record, m.declaration.xml, { absolute: true })
      if ('problem' in record) ctx.report(ctx.at(m.extension, ['record']), record.problem)
    }
    for (const level of mappingLevels(ctx)) {
      const kind = level.mapping.declaration.kind
      for (const f of level.fields) {
        const problem = kind === 'json' ? jsonPathProblem(f) : kind === 'xml' ? xmlPathProblem(f, level.mapping.declaration.xml) : undefined
        if (problem) ctx.report(fieldAt(ctx, level.mapping, f, locationKey(level.mapping)), problem)
      }
    }
  },
}

function jsonPathProblem(f: ResolvedField): string | undefined {
  const path = parseJsonPath(String(f.field.location))
  if ('problem' in path) return path.problem
  const many = f.kind === 'nested' && f.navigation.cardinality === 'many'
  if (many && !path.array) return `'${f.field.location}' maps the collection '${f.field.member}': write '${f.field.location}[]'`
  if (!many && path.array) return `'${f.field.location}' reads an array, but '${f.field.member}' takes ${f.kind === 'nested' ? 'one object' : 'one value'}: drop the []`
  return undefined
}

function xmlPathProblem(f: ResolvedField, ns: XmlOptions): string | undefined {
  const path = parseXmlPath(String(f.field.location), ns)
  if ('problem' in path) return path.problem
  const endsAtValue = path.alternatives.some((steps) => steps[steps.length - 1]?.kind !== 'element')
  if (f.kind === 'nested' && endsAtValue) return `'${f.field.location}' ends at an attribute or '.', but nested fields read elements`
  return undefined
}

export const fieldRules: readonly CheckRule[] = [unknownMemberRule, fieldShapeRule, convertRule, pathSyntaxRule, memberTwiceRule]
