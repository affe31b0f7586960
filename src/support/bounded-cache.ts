/**
 * A map of values worked out from keys that repeat (parsed text, negotiated headers,
 * compiled patterns), holding at most `max` entries: when full, the oldest goes first.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>()

  constructor(private readonly max: number) {}

  get(key: string): V | undefined {
    return this.entries.get(key)
  }

  /** Remembers the value and returns it. */
  set(key: string, value: V): V {
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string)
    this.entries.set(key, value)
    return value
  }
}
