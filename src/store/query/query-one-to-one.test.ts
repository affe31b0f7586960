import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { indexModel } from '../../model/index.js'
import { and, asc, desc, eq, evaluateQuery, lit, ne, not, prop, type Dataset, type Expr, type Query } from '../../query/index.js'
import { databaseKinds } from '../../../test/support/databases.js'
import { checkFixture, yaml } from '../../../test/support/model-fixture.js'
import { completeRow, openQueryFixture, type QueryFixture } from '../../../test/support/query-fixture.js'

const kinds = await databaseKinds()

/** One-to-one associations, UUIDs, nullable booleans and Long values: what the example app lacks. */
const app = checkFixture(yaml`
  entities:
    Passport:
      attributes:
        number: { type: String(20), required: true }
        issued: Date
    Person:
      attributes:
        name: { type: String(50), required: true }
        active: Boolean
        uid: UUID
        size: Long
      associations:
        passport: { kind: oneToOne, target: Passport, onDelete: setNull, inverse: holder }
`)
if (!app.model) throw new Error(`fixture does not load: ${JSON.stringify(app.diagnostics)}`)
const index = indexModel(app.model)

describe.each(kinds)('one-to-one, UUID and Boolean on %s', (kind) => {
  let fx: QueryFixture
  let data: Dataset
  beforeAll(async () => {
    fx = await openQueryFixture(kind, index)
    const passports = [{ number: 'P-1', issued: '2020-05-01' }, { number: 'P-2', issued: null }, { number: 'P-3', issued: '2021-01-31' }]
    const people = [
      { name: 'Ann', active: true, uid: '0f8fad5b-d9cb-469f-a165-70867728950e', size: 3_000_000_000, passport: 2 },
      { name: 'Bob', active: false, uid: null, size: null, passport: null },
      { name: 'Cy', active: null, uid: '7c9e6679-7425-40de-944b-e07fc1f90ae7', size: -4, passport: 1 },
    ]
    const insert = async (entity: string, rows: Record<string, unknown>[]) => {
      const complete = rows.map((r) => completeRow(fx.store, entity, r))
      const ids = await fx.store.insert(entity, complete)
      return complete.map((r, i) => ({ ...r, id: ids[i] }))
    }
    data = new Map([
      ['M.Passport', await insert('M.Passport', passports)],
      ['M.Person', await insert('M.Person', people)],
    ])
  })
  afterAll(() => fx.dispose())

  async function run(query: Query) {
    const result = await fx.store.query(query)
    expect(result).toEqual(evaluateQuery(data, query, index))
    return result
  }
  const ids = async (entity: string, filter: Expr, extra: Partial<Query> = {}) => (await run({ entity, filter, ...extra })).rows.map((r) => r.id)

  it('follows a one-to-one from both sides', async () => {
    expect(await ids('M.Passport', eq(prop('holder', 'name'), lit('Ann')))).toEqual([2])
    expect(await ids('M.Passport', not(eq(prop('holder', 'name'), lit('Ann'))))).toEqual([1, 3])
    expect(await ids('M.Person', eq(prop('passport', 'number'), lit('P-1')))).toEqual([3])
    expect(await ids('M.Passport', ne(prop('holder', 'active'), lit(true)), { orderBy: [desc(prop('holder', 'name'))] })).toEqual([1, 3])
  })

  it('expands a one-to-one from both sides', async () => {
    const people = await run({ entity: 'M.Person', select: ['name'], expand: [{ navigation: 'passport', query: { select: ['number'] } }] })
    expect(people.rows).toEqual([
      { id: 1, name: 'Ann', passport: { id: 2, number: 'P-2' } },
      { id: 2, name: 'Bob', passport: null },
      { id: 3, name: 'Cy', passport: { id: 1, number: 'P-1' } },
    ])
    const passports = await run({ entity: 'M.Passport', select: ['number'], expand: [{ navigation: 'holder', query: { filter: eq(prop('active'), lit(true)), select: ['name'] } }] })
    expect(passports.rows.map((r) => r.holder)).toEqual([null, { id: 1, name: 'Ann' }, null])
  })

  it('compares UUIDs case-insensitively through normalisation and sorts them', async () => {
    expect(await ids('M.Person', eq(prop('uid'), lit('0F8FAD5B-D9CB-469F-A165-70867728950E')))).toEqual([1])
    expect(await ids('M.Person', lit(true), { orderBy: [asc(prop('uid'))] })).toEqual([2, 1, 3])
    await expect(fx.store.query({ entity: 'M.Person', filter: eq(prop('uid'), lit('not-a-uuid')) })).rejects.toMatchObject({ code: 'QUERY_BAD_LITERAL' })
  })

  it('treats a nullable Boolean as a two-valued condition', async () => {
    expect(await ids('M.Person', prop('active'))).toEqual([1])
    expect(await ids('M.Person', not(prop('active')))).toEqual([2, 3])
    expect(await ids('M.Person', eq(prop('active'), lit(null)))).toEqual([3])
    expect(await ids('M.Person', and(not(prop('active')), ne(prop('active'), lit(false))))).toEqual([3])
    expect(await ids('M.Person', lit(true), { orderBy: [desc(prop('active'))] })).toEqual([1, 2, 3])
  })

  it('keeps Long values beyond 32 bits exact', async () => {
    expect(await ids('M.Person', eq(prop('size'), lit(3_000_000_000)))).toEqual([1])
    expect((await run({ entity: 'M.Person', select: ['size'], orderBy: [asc(prop('size'))] })).rows.map((r) => r.size)).toEqual([null, -4, 3_000_000_000])
  })
})
