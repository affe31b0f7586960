/**
 * Identifiers of a service (entity sets, properties, navigation properties, operations) by
 * name: the exact name first, and when nothing has it, the one identifier that equals it
 * ignoring case (OData 4.01 Protocol §12.2.3: case-insensitive comparison of identifiers when
 * no exact match is found). A name two identifiers share without case matches neither.
 * Responses always carry the identifiers as `$metadata` declares them. Like the rest of the
 * service model, a map is filled when it is built and not changed after.
 */
export class IdentifierMap<V> extends Map<string, V> {
  #folded: Map<string, V | null> | undefined

  override get(name: string): V | undefined {
    const exact = super.get(name)
    if (exact !== undefined) return exact
    this.#folded ??= fold(this)
    return this.#folded.get(name.toLowerCase()) ?? undefined
  }

  override has(name: string): boolean {
    return this.get(name) !== undefined
  }
}

function fold<V>(map: ReadonlyMap<string, V>): Map<string, V | null> {
  const folded = new Map<string, V | null>()
  for (const [name, value] of map) {
    const key = name.toLowerCase()
    folded.set(key, folded.has(key) ? null : value)
  }
  return folded
}
