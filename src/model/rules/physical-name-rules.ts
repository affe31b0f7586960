import type { CheckRule } from '../checker.js'
import { snakeCase } from '../naming.js'
import type { EntityModel, SourcePosition } from '../types.js'
import { declaredEntities, where } from './declared-elements.js'

/** PostgreSQL keeps the first 63 bytes of an identifier and silently drops the rest. */
const MAX_IDENTIFIER = 63

/** A database name some model element maps to, as the store derives it (physical-schema.ts). */
interface PhysicalName {
  readonly physical: string
  /** The element's model name; two elements with one model name are reported by other rules. */
  readonly logical: string
  readonly description: string
  readonly pos: SourcePosition
}

/** Reports each name whose database name (cut to 63 characters) an earlier one already has. */
function reportCollisions(
  names: readonly PhysicalName[],
  what: string,
  report: (pos: SourcePosition, message: string) => void,
): void {
  const first = new Map<string, PhysicalName>()
  for (const n of names) {
    const key = n.physical.slice(0, MAX_IDENTIFIER)
    const earlier = first.get(key)
    if (!earlier) first.set(key, n)
    else if (earlier.logical !== n.logical) report(n.pos, collisionMessage(n, earlier, what))
  }
}

function collisionMessage(n: PhysicalName, earlier: PhysicalName, what: string): string {
  const cut =
    n.physical.length > MAX_IDENTIFIER || earlier.physical.length > MAX_IDENTIFIER
      ? ` (PostgreSQL keeps only the first ${MAX_IDENTIFIER} characters)`
      : ''
  const at = earlier.pos === n.pos ? '' : ` (${where(earlier.pos)})`
  return `${n.description} maps to ${what} '${n.physical}'${cut}, as does ${earlier.description}${at}; rename one of them`
}

/** snakeCase, remembered for the names one check sees again and again (system members, common names). */
function memoSnakeCase(): (name: string) => string {
  const seen = new Map<string, string>()
  return (name) => {
    let snake = seen.get(name)
    if (snake === undefined) {
      snake = snakeCase(name)
      seen.set(name, snake)
    }
    return snake
  }
}

/** Columns of an entity's table in the store's order of claims: system members first. */
function columnNames(entity: EntityModel, snake: (name: string) => string): PhysicalName[] {
  const q = entity.qualifiedName
  const out: PhysicalName[] = []
  for (const a of entity.attributes) {
    if (a.system) out.push({ physical: snake(a.name), logical: a.name, description: `system member '${a.name}'`, pos: a.pos })
  }
  for (const a of entity.attributes) {
    if (!a.system) out.push({ physical: snake(a.name), logical: a.name, description: `attribute '${a.name}' of ${q}`, pos: a.pos })
  }
  for (const a of entity.associations) {
    if (a.kind === 'referenceSet') continue
    out.push({ physical: `${snake(a.name)}_id`, logical: a.name, description: `association '${a.name}' of ${q}`, pos: a.pos })
  }
  return out
}

/** Two members of one table cannot share a column; snake_casing can make distinct names equal. */
export const columnCollisionRule: CheckRule = {
  code: 'PD108',
  severity: 'error',
  title: 'Two members map to one column',
  description:
    "The store names columns in snake_case (unitPrice → unit_price) and stores a reference or one-to-one association in the column <name>_id, so distinct member names can map to one column: 'unitPrice' and 'unit_price', or an attribute 'category_id' and an association 'category'. PostgreSQL also cuts names to 63 characters. Rename one of the members.",
  check(ctx) {
    const snake = memoSnakeCase()
    for (const entity of declaredEntities(ctx.model)) {
      if (entity.persistent) reportCollisions(columnNames(entity, snake), 'column', ctx.report)
    }
  },
}

function tableName(entity: EntityModel): string {
  return `${snakeCase(entity.module)}_${snakeCase(entity.name)}`
}

/** Entity tables first, then junction tables of reference sets (`<table>_<association>`). */
function tableNames(entities: readonly EntityModel[]): PhysicalName[] {
  const persistent = entities.filter((e) => e.persistent)
  const tables = persistent.map((e) => ({
    physical: tableName(e),
    logical: e.qualifiedName,
    description: `entity ${e.qualifiedName}`,
    pos: e.pos,
  }))
  const junctions = persistent.flatMap((e) =>
    e.associations
      .filter((a) => a.kind === 'referenceSet')
      .map((a) => ({
        physical: `${tableName(e)}_${snakeCase(a.name)}`,
        logical: `${e.qualifiedName}.${a.name}`,
        description: `referenceSet '${a.name}' of ${e.qualifiedName} (a junction table)`,
        pos: a.pos,
      })),
  )
  return [...tables, ...junctions]
}

/** Every entity and reference set needs a table of its own. */
export const tableCollisionRule: CheckRule = {
  code: 'PD109',
  severity: 'error',
  title: 'Two elements map to one table',
  description:
    'The store names the table of an entity <module>_<entity> in snake_case and the junction table of a referenceSet <table>_<association>, so distinct names can map to one table: Sales.OrderLine and Sales.Order_Line, or module Sales_Order with entity Line. PostgreSQL also cuts names to 63 characters. Rename one of the entities (renamedFrom keeps the data) or the association.',
  check(ctx) {
    reportCollisions(tableNames(declaredEntities(ctx.model)), 'table', ctx.report)
  },
}

/** Rules on the database names the model maps to (PD108–PD109). */
export const physicalNameRules: readonly CheckRule[] = [columnCollisionRule, tableCollisionRule]
