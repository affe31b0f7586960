import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseKinds, openTestDatabase, type TestDatabase } from '../../../test/support/databases.js'
import { arrayLiteral } from './postgres-array.js'

/** The literal of a column given as a list of values. */
const literal = (values: readonly unknown[]) => arrayLiteral(values.map((v) => ({ v })), 'v')

const tricky = ['', 'NULL', 'null', 'a,b', '{x}', ' padded ', 'say "hi"', 'back\\slash', '\\"', 'line\nbreak', 'Ünïcødé 😀']

describe('PostgreSQL array literals', () => {
  it('quotes strings, escapes quotes and backslashes, and spells out numbers, booleans and nulls', () => {
    expect(literal(['a', 'b c'])).toBe('{"a","b c"}')
    expect(literal(['only'])).toBe('{"only"}')
    expect(literal([1, 2.5, -3])).toBe('{1,2.5,-3}')
    expect(literal(['a', null, 2, true, undefined])).toBe('{"a",NULL,2,true,NULL}')
    expect(literal(['say "hi"', 'a\\b'])).toBe('{"say \\"hi\\"","a\\\\b"}')
    expect(literal([])).toBe('{}')
  })

  it('leaves a column of binary data to the driver', () => {
    const bytes = new Uint8Array([1, 2])
    expect(literal([bytes, null])).toEqual([bytes, null])
  })
})

const postgres = (await databaseKinds()).filter((kind) => kind === 'postgres')

describe.each(postgres)('PostgreSQL array literals read back by %s', (kind) => {
  let db: TestDatabase
  beforeAll(async () => {
    db = await openTestDatabase(kind)
  })
  afterAll(async () => db?.dispose())

  const roundTrip = async (values: readonly unknown[], type: string) =>
    (await db.driver.execute(`SELECT "v" FROM unnest($1::${type}[]) WITH ORDINALITY AS u("v", "n") ORDER BY "n"`, [literal(values)])).rows.map((r) => r.v)

  it('gives back every string as it was, whatever it contains', async () => {
    expect(await roundTrip(tricky, 'text')).toEqual(tricky)
    expect(await roundTrip([...tricky, null], 'text')).toEqual([...tricky, null])
  })

  it('gives back numbers, booleans and nulls', async () => {
    expect(await roundTrip([1, 2.25, -0.5, 1e-7, null], 'numeric')).toEqual([1, 2.25, -0.5, 1e-7, null])
    expect(await roundTrip([2147483647, -2147483648], 'int4')).toEqual([2147483647, -2147483648])
    expect(await roundTrip([true, false, null], 'bool')).toEqual([true, false, null])
  })
})
