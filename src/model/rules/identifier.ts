/** What a model name must look like: it becomes a SQL, URL, contract and code identifier. */
export const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/

/** The allowed form, as messages and docs state it. */
export const IDENTIFIER_RULE = "names start with a letter and contain only letters, digits and '_'"

/** Whether a name may be used as a model name (see `IDENTIFIER`). */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name)
}

/**
 * The reserved prefix a name starts with, if any: `portico` names the runtime's own tables
 * and members, `$` and `@` are metadata in the wire formats (`$filter`, `@odata.etag`).
 */
export function reservedPrefix(name: string): string | undefined {
  if (name.startsWith('$')) return '$'
  if (name.startsWith('@')) return '@'
  if (/^portico/i.test(name)) return 'portico'
  return undefined
}

/** `order_line` → `OrderLine`: the PascalCase spelling a style warning suggests. */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
}
