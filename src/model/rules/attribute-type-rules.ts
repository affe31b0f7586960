import { TYPE_SYNTAX, formatAttributeType } from '../attribute-type.js'
import type { CheckRule } from '../checker.js'
import type { AttributeModel } from '../types.js'
import { forEachAttribute, declaredEnumerations } from './declared-elements.js'
import { didYouMean } from './closest-name.js'

/** The longest String PostgreSQL's varchar takes; longer values are Text. */
export const MAX_STRING_LENGTH = 10485760
/** numeric's largest precision that every supported database stores exactly. */
export const MAX_DECIMAL_PRECISION = 38
/** Significant digits a JSON number (an IEEE double) carries exactly. */
export const SAFE_DECIMAL_PRECISION = 15

function typePos(attribute: AttributeModel): AttributeModel['pos'] {
  return attribute.fieldPos.type ?? attribute.pos
}

/** The loader keeps a type it cannot parse as Unknown so the checker can say what is allowed. */
export const unknownTypeRule: CheckRule = {
  code: 'PD110',
  severity: 'error',
  title: 'Unknown attribute type',
  description: `The type of an attribute is not one the runtime knows. Write one of: ${TYPE_SYNTAX}.`,
  check(ctx) {
    forEachAttribute(ctx.model, (attribute, entity) => {
      if (attribute.type.kind !== 'Unknown') return
      ctx.report(
        typePos(attribute),
        `attribute '${attribute.name}' of ${entity.qualifiedName} has unknown type '${attribute.type.text}'; allowed: ${TYPE_SYNTAX}`,
      )
    })
  },
}

/** String(n) becomes varchar(n); n must be a length the databases take. */
export const stringLengthRule: CheckRule = {
  code: 'PD111',
  severity: 'error',
  title: 'String length out of range',
  description: `String(n) needs 1 ≤ n ≤ ${MAX_STRING_LENGTH} (PostgreSQL's varchar limit). Use Text for longer or unbounded values.`,
  check(ctx) {
    forEachAttribute(ctx.model, (attribute, entity) => {
      const t = attribute.type
      if (t.kind !== 'String' || (t.length >= 1 && t.length <= MAX_STRING_LENGTH)) return
      ctx.report(
        typePos(attribute),
        `attribute '${attribute.name}' of ${entity.qualifiedName} has type String(${t.length}); a String holds 1 to ${MAX_STRING_LENGTH} characters: use Text for longer values`,
      )
    })
  },
}

/** Decimal(p,s) becomes numeric(p,s); p and s must be a pair the databases take. */
export const decimalRangeRule: CheckRule = {
  code: 'PD112',
  severity: 'error',
  title: 'Decimal precision or scale out of range',
  description: `Decimal(p,s) needs 1 ≤ p ≤ ${MAX_DECIMAL_PRECISION} (total digits) and 0 ≤ s ≤ p (digits after the point). Fix the precision or the scale.`,
  check(ctx) {
    forEachAttribute(ctx.model, (attribute, entity) => {
      const t = attribute.type
      if (t.kind !== 'Decimal') return
      const ok = t.precision >= 1 && t.precision <= MAX_DECIMAL_PRECISION && t.scale >= 0 && t.scale <= t.precision
      if (ok) return
      ctx.report(
        typePos(attribute),
        `attribute '${attribute.name}' of ${entity.qualifiedName} has type ${formatAttributeType(t)}; Decimal(p,s) needs precision 1 to ${MAX_DECIMAL_PRECISION} and scale 0 to the precision`,
      )
    })
  },
}

/** Values travel as JSON numbers; a double holds about 15 significant digits exactly. */
export const decimalPrecisionLossRule: CheckRule = {
  code: 'PD113',
  severity: 'warning',
  title: 'Decimal precision beyond what a JSON number holds',
  description: `Decimal values travel as JSON numbers (IEEE doubles), which keep only ${SAFE_DECIMAL_PRECISION} significant digits exactly; SQLite stores them as REAL too. A precision above ${SAFE_DECIMAL_PRECISION} promises digits that are lost. Write a precision of at most ${SAFE_DECIMAL_PRECISION}.`,
  check(ctx) {
    forEachAttribute(ctx.model, (attribute, entity) => {
      const t = attribute.type
      if (t.kind !== 'Decimal' || t.precision <= SAFE_DECIMAL_PRECISION || t.precision > MAX_DECIMAL_PRECISION) return
      ctx.report(
        typePos(attribute),
        `attribute '${attribute.name}' of ${entity.qualifiedName} has type ${formatAttributeType(t)}, but values travel as JSON numbers that keep only ${SAFE_DECIMAL_PRECISION} significant digits; use a precision of at most ${SAFE_DECIMAL_PRECISION}, e.g. Decimal(${SAFE_DECIMAL_PRECISION},${Math.min(t.scale, SAFE_DECIMAL_PRECISION)})`,
      )
    })
  },
}

/** Enum(Name) must name an enumeration of the model. */
export const unknownEnumerationRule: CheckRule = {
  code: 'PD114',
  severity: 'error',
  title: 'Unknown enumeration',
  description:
    'An Enum(Name) attribute names an enumeration that no module declares. A bare name refers to the attribute’s own module; write Module.Name for another module. Declare the enumeration or correct the name.',
  check(ctx) {
    const names = declaredEnumerations(ctx.model).map((e) => e.qualifiedName)
    forEachAttribute(ctx.model, (attribute, entity) => {
      const t = attribute.type
      if (t.kind !== 'Enum' || ctx.index.enumeration(t.enumeration)) return
      ctx.report(
        typePos(attribute),
        `attribute '${attribute.name}' of ${entity.qualifiedName} has type Enum(${t.enumeration}), but enumeration ${t.enumeration} does not exist${
          didYouMean(t.enumeration, names) || `; declare it under 'enums:' in a file of module ${t.enumeration.split('.')[0]}, or write Enum(Module.Name) for another module`
        }`,
      )
    })
  },
}

/** Rules on attribute types (PD110–PD114). */
export const attributeTypeRules: readonly CheckRule[] = [
  unknownTypeRule,
  stringLengthRule,
  decimalRangeRule,
  decimalPrecisionLossRule,
  unknownEnumerationRule,
]
