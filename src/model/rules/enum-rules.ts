import type { CheckRule } from '../checker.js'
import { forEachAttribute, declaredEnumerations, where } from './declared-elements.js'
import { IDENTIFIER_RULE, isIdentifier, pascalCase } from './identifier.js'

/** An enumeration without values admits no value at all. */
export const emptyEnumerationRule: CheckRule = {
  code: 'PD142',
  severity: 'error',
  title: 'Enumeration without values',
  description: 'An enumeration has no values, so an attribute of its type could never hold one. Add the values or remove the enumeration.',
  check(ctx) {
    for (const e of declaredEnumerations(ctx.model)) {
      if (e.values.length > 0) continue
      ctx.report(e.pos, `enumeration ${e.qualifiedName} has no values, so no attribute of its type can hold one; add values or remove it`)
    }
  },
}

/** A value is stored by name; two equal names are one value. */
export const duplicateEnumValueRule: CheckRule = {
  code: 'PD143',
  severity: 'error',
  title: 'Enumeration value listed twice',
  description: 'An enumeration lists a value name twice. Values are stored and exchanged by name, so the second one means nothing (and its caption is lost). Remove one.',
  check(ctx) {
    for (const e of declaredEnumerations(ctx.model)) {
      const first = new Map<string, (typeof e.values)[number]>()
      for (const v of e.values) {
        const earlier = first.get(v.name)
        if (earlier) ctx.report(v.fieldPos.name ?? v.pos, `value '${v.name}' of enumeration ${e.qualifiedName} is listed twice, first at ${where(earlier.fieldPos.name ?? earlier.pos)}; remove one`)
        else first.set(v.name, v)
      }
    }
  },
}

/** Value names are stored, sent on the wire and become code constants; captions carry display text. */
export const enumValueNameRule: CheckRule = {
  code: 'PD144',
  severity: 'error',
  title: 'Enumeration value is not an identifier',
  description:
    'Enumeration value names are stored in the database, exchanged in payloads and filters and become constants in contracts (OData enum members, XSD), so they must match ^[A-Za-z][A-Za-z0-9_]*$. Put display text in the caption: { name: InProgress, caption: In progress }.',
  check(ctx) {
    for (const e of declaredEnumerations(ctx.model)) {
      for (const v of e.values) {
        if (isIdentifier(v.name)) continue
        ctx.report(
          v.fieldPos.name ?? v.pos,
          `value '${v.name}' of enumeration ${e.qualifiedName} is not an identifier: ${IDENTIFIER_RULE}; put display text in a caption, e.g. { name: ${pascalFallback(v.name)}, caption: ${v.name} }`,
        )
      }
    }
  },
}

/** A valid name to suggest for an invalid one: its PascalCase, starting with a letter. */
function pascalFallback(name: string): string {
  const pascal = pascalCase(name)
  return /^[A-Za-z]/.test(pascal) ? pascal : `V${pascal}`
}

/** An enumeration nobody uses is dead model, or a forgotten Enum(...) type. */
export const unusedEnumerationRule: CheckRule = {
  code: 'PD145',
  severity: 'info',
  title: 'Enumeration never used',
  description: 'No attribute has the type Enum of this enumeration. It may be left over from a change, or an attribute may use String where the enumeration was meant. Use it or remove it.',
  check(ctx) {
    const used = new Set<string>()
    forEachAttribute(ctx.model, (attribute) => {
      if (attribute.type.kind === 'Enum') used.add(attribute.type.enumeration)
    })
    for (const e of declaredEnumerations(ctx.model)) {
      if (used.has(e.qualifiedName)) continue
      ctx.report(e.pos, `enumeration ${e.qualifiedName} is not used by any attribute; use it with Enum(${e.name}) or remove it`)
    }
  },
}

/** Rules on enumerations (PD142–PD145). */
export const enumRules: readonly CheckRule[] = [emptyEnumerationRule, duplicateEnumValueRule, enumValueNameRule, unusedEnumerationRule]
