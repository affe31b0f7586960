import type { Row } from '../../../kernel/index.js'
import type { ODataEntitySet, ODataProperty } from '../service/service-model.js'

/** The value of a property in a kernel row; an expanded reference holds the object, whose id counts. */
export function memberValue(row: Row, property: ODataProperty): unknown {
  const value = row[property.member]
  if (property.kind === 'reference' && value !== null && typeof value === 'object') return (value as Row).id ?? null
  return value
}

/** A key value as a URL literal (`5`, `'BK-1'`, `Sales.Status'Open'`), percent-encoded where needed. */
export function keyLiteral(value: unknown, property: ODataProperty): string {
  if (value === null || value === undefined) return 'null'
  if (property.type.enumeration !== undefined) return `${property.type.name}'${encodeURIComponent(String(value))}'`
  if (typeof value === 'string' && property.type.name === 'Edm.String') return `'${encodeURIComponent(value.replace(/'/g, "''"))}'`
  return encodeURIComponent(String(value))
}

/** The canonical URL of an entity relative to the service root: `Products(5)`, `Lines(order=1,lineNo=2)`. */
export function entityPath(set: ODataEntitySet, row: Row): string {
  if (set.key.length === 1) return `${set.name}(${keyLiteral(memberValue(row, set.key[0] as ODataProperty), set.key[0] as ODataProperty)})`
  return `${set.name}(${set.key.map((k) => `${k.name}=${keyLiteral(memberValue(row, k), k)}`).join(',')})`
}

/** The weak ETag of an object: its version. */
export function etagOf(row: Row): string | undefined {
  return typeof row.version === 'number' ? `W/"${row.version}"` : undefined
}
