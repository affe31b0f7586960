/**
 * IANA time zones through `Intl` (no time-zone database of our own): the offset of a zone
 * at an instant, and the instant of a wall-clock time in the zone.
 */
export interface TimeZone {
  readonly name: string
  /** Minutes east of UTC at the instant `utcMs`. */
  offsetAt(utcMs: number): number
  /**
   * The instant of a wall-clock time, given as the milliseconds it would be in UTC. In a
   * spring-forward gap the time is read with the offset before the gap; in an autumn fold
   * the earlier instant is taken.
   */
  toUtc(wallMs: number): number
}

const UTC: TimeZone = { name: 'UTC', offsetAt: () => 0, toUtc: (wallMs) => wallMs }

/** The zone named `name`, or a problem when `Intl` does not know it. */
export function compileTimeZone(name: string): TimeZone | { readonly problem: string } {
  if (name === 'UTC' || name === 'Etc/UTC') return UTC
  let format: Intl.DateTimeFormat
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
  } catch {
    return { problem: `'${name}' is not a time zone this runtime knows (an IANA name such as Europe/Berlin)` }
  }
  const offsetAt = (utcMs: number): number => {
    const p: Record<string, number> = {}
    for (const part of format.formatToParts(utcMs)) if (part.type !== 'literal') p[part.type] = Number(part.value)
    const wall = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0)
    return Math.round((wall - Math.floor(utcMs / 1000) * 1000) / 60000)
  }
  return {
    name,
    offsetAt,
    toUtc(wallMs) {
      const first = offsetAt(wallMs)
      const guess = wallMs - first * 60000
      const second = offsetAt(guess)
      if (second === first) return earlierInFold(wallMs, guess, offsetAt)
      const retry = wallMs - second * 60000
      // a spring-forward gap: the offset before it is the smaller one
      return offsetAt(retry) === second ? retry : wallMs - Math.min(first, second) * 60000
    },
  }
}

/** In an autumn fold both offsets fit; take the earlier instant, as java.time does. */
function earlierInFold(wallMs: number, guess: number, offsetAt: (utcMs: number) => number): number {
  const hourEarlier = guess - 3600000
  const offset = offsetAt(hourEarlier)
  return hourEarlier + offset * 60000 === wallMs ? hourEarlier : guess
}
