/**
 * Where random queries get their literals. Exact pools (decimals with at most two binary
 * places, small integers, strings with `%`, `_`, quotes, backslashes and mixed case) keep
 * floating arithmetic away from decision boundaries and overlap the generated data;
 * distinctive pools let a test find any literal that leaked into SQL text; shifted pools give
 * other values of the same classes for plan-cache tests.
 */
import fc from 'fast-check'

type Gen = fc.GeneratorValue

export const pick = <T>(g: Gen, items: readonly T[]): T => items[g(fc.nat, { max: items.length - 1 })] as T
export const chance = (g: Gen, percent: number): boolean => g(fc.integer, { min: 1, max: 100 }) <= percent

export interface LiteralPools {
  string(g: Gen): string
  integer(g: Gen): number
  decimal(g: Gen): number
  date(g: Gen): string
  dateTime(g: Gen): string
  time(g: Gen): string
  /** A duration's ISO 8601 text, at most a year long. */
  duration(g: Gen): string
  /** An integer where the generator needs one in a small range (counts, substring bounds). */
  small(g: Gen, min: number, max: number): number
  /** An exact divisor (zero included) for decimal division and remainders. */
  divisor(g: Gen): number
}

export const NAMES = ['alpha', 'Alpha', 'ALPHA', 'beta', 'x%y', 'a_b', "O'Neil", 'back\\slash', ' pad ', '', 'Zeta', 'zeta', '10', '9', 'dune', 'Go', 'e', 'ab', 'Ab', 'über', 'Über', 'é😀x', ' \ttab ']
export const DECIMALS = [0, 0.25, 0.5, 1, 2.5, 9.75, 12.5, 25, 40.25, -1.5, 100.75]
const STRINGS = ['alpha', 'ALPHA', 'al', 'ph', 'a', 'ü', 'Ü', '😀', 'b', '', 'a', 'A', 'ab', 'Ab', 'aB', '%', '_', "'", '\\', ' ', 'x%y', 'a_b', "O'Neil", 'back\\slash', 'Zeta', 'zeta', '10', '9', ' pad ', 'dune', 'Go', 'e']
export const DATES = ['2024-02-29', '2024-03-01', '1999-12-31', '2000-01-01', '2023-06-15']
export const DATE_TIMES = ['2024-03-01T10:15:30.250Z', '2024-03-01T00:00:00.000Z', '2023-12-31T23:59:59.999Z', '2000-02-29T12:00:00.000Z', '1999-01-01T00:00:00.001Z', '2024-03-01T10:15:30.250+01:00']
const TIMES = ['00:00', '10:15:30.250', '12:00:00', '23:59:59.999']
const DURATIONS = ['PT0S', 'P1D', '-P1D', 'PT12H', 'PT0.25S', '-PT0.001S', 'P366DT0.001S', '-PT10H15M30.25S', 'P59DT23H59M59.999S', 'PT90M']

export const EXACT_POOLS: LiteralPools = {
  string: (g) => g(fc.constantFrom, ...STRINGS),
  integer: (g) => (chance(g, 60) ? g(fc.constantFrom, 0, 1, 2, 3, 5, 7, 10, 100, -3) : g(fc.integer, { min: -5, max: 120 })),
  decimal: (g) => (chance(g, 60) ? g(fc.constantFrom, ...DECIMALS) : g(fc.integer, { min: -40, max: 400 }) / 4),
  date: (g) => g(fc.constantFrom, ...DATES),
  dateTime: (g) => g(fc.constantFrom, ...DATE_TIMES),
  time: (g) => g(fc.constantFrom, ...TIMES),
  duration: (g) => g(fc.constantFrom, ...DURATIONS),
  small: (g, min, max) => g(fc.integer, { min, max }),
  divisor: (g) => g(fc.constantFrom, 0, 0.5, 2, 4, -2, 0.25),
}

/** Literals no compiler keyword or identifier can contain: they must only ever be parameters. */
export const DISTINCTIVE_POOLS: LiteralPools = {
  string: (g) => `⟪${g(fc.string, { minLength: 1, maxLength: 12 })}'); DROP TABLE x; --⟫`,
  integer: (g) => g(fc.integer, { min: 1_000_003, max: 2_000_000_000 }),
  decimal: (g) => g(fc.integer, { min: 1_000_003, max: 9_000_000 }) + 0.75,
  date: (g) => `2${g(fc.integer, { min: 100, max: 999 })}-07-13`,
  dateTime: (g) => `2${g(fc.integer, { min: 100, max: 999 })}-07-13T17:41:53.719Z`,
  time: () => '17:41:53.719',
  duration: (g) => `P${g(fc.integer, { min: 100, max: 365 })}DT17H41M53.719S`,
  small: (g) => g(fc.integer, { min: 1_000_003, max: 2_000_000_000 }),
  divisor: (g) => g(fc.integer, { min: 1_000_003, max: 9_000_000 }) + 0.5,
}

/**
 * Pools that draw exactly like `base` but return other values of the same class, so the
 * same seed yields a query of the same shape with different literals (plan-cache tests).
 */
export function shiftedPools(base: LiteralPools): LiteralPools {
  const other = (list: readonly string[], value: string) => list[(list.indexOf(value) + 1) % list.length] ?? value
  return {
    ...base,
    string: (g) => `${base.string(g)}q`,
    integer: (g) => {
      const v = base.integer(g)
      return v === 0 ? 0 : v + Math.sign(v)
    },
    decimal: (g) => {
      const v = base.decimal(g)
      return v === 0 ? 0 : v + Math.sign(v) * 0.125
    },
    date: (g) => other(DATES, base.date(g)),
    dateTime: (g) => other(DATE_TIMES, base.dateTime(g)),
    time: (g) => other(TIMES, base.time(g)),
    duration: (g) => other(DURATIONS, base.duration(g)),
  }
}
