type Rows = readonly Readonly<Record<string, unknown>>[]

/**
 * A column of values as one PostgreSQL array literal (`{"a","b",NULL}`), the parameter of an
 * `unnest($1::text[], …)` bulk statement. pg encodes a JavaScript array itself, but by one
 * string concatenation per element after two regular-expression passes over each string:
 * for a statement of thousands of rows that is most of the garbage a bulk write makes. Here
 * the literal is one `join` over one part per element (numbers are turned to text by the
 * join itself), so it is built flat, in one piece. Values are in the kernel encoding
 * (strings, finite numbers, booleans, null); a column holding anything else (binary data)
 * comes back as an array of its values, for pg to encode.
 */
export function arrayLiteral(rows: Rows, member: string): string | unknown[] {
  let strings = 0
  let escapes = 0
  let others = 0
  const parts = rows.map((row): unknown => {
    const v = row[member]
    if (typeof v === 'string') {
      strings++
      if (v.includes('"') || v.includes('\\')) escapes++
      return v
    }
    if (v === null || v === undefined) return 'NULL'
    if (typeof v !== 'number' && typeof v !== 'boolean') others++
    return v
  })
  const n = parts.length
  if (others > 0) return rows.map((row) => row[member] ?? null)
  if (n === 0) return '{}'
  if (strings === n && escapes === 0) {
    // Plain strings only: quoted by the separator, the first and the last part.
    parts[0] = `{"${parts[0] as string}`
    parts[n - 1] = `${parts[n - 1] as string}"}`
    return parts.join('","')
  }
  if (strings > 0) quoteStrings(rows, member, parts)
  parts[0] = `{${String(parts[0])}`
  parts[n - 1] = `${String(parts[n - 1])}}`
  return parts.join(',')
}

/** Puts the strings of the column in quotes, with their quotes and backslashes escaped. */
function quoteStrings(rows: Rows, member: string, parts: unknown[]): void {
  for (let i = 0; i < parts.length; i++) {
    const v = (rows[i] as Readonly<Record<string, unknown>>)[member]
    if (typeof v !== 'string') continue
    parts[i] = v.includes('"') || v.includes('\\') ? `"${v.replace(/[\\"]/g, '\\$&')}"` : `"${v}"`
  }
}
