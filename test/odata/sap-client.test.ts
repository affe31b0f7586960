/**
 * SAP Cloud SDK for JavaScript (a maintained OData v4 client, @sap-cloud-sdk/odata-v4 with its
 * generator) against the example service: the generator builds a typed client from our
 * $metadata, which then queries with filter, select, expand, order and top, updates with the
 * ETag it read, and sends a $batch with a change set.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseKinds } from '../support/databases.js'
import { listenExample, type ListeningExample } from './client-support.js'

const kinds = await databaseKinds()
const OUT = fileURLToPath(new URL('../../node_modules/.cache/portico-odata-sap-client', import.meta.url))
const GENERATOR = fileURLToPath(new URL('../../node_modules/@sap-cloud-sdk/generator/dist/cli.js', import.meta.url))

/* eslint-disable @typescript-eslint/no-explicit-any -- the client is generated at test time, its types are not known here */
type Api = any

/** The generated TypeScript as CommonJS, without type checking (the SDK's own types are not ours to check). */
function transpile(dir: string): void {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const { outputText } = ts.transpileModule(readFileSync(`${dir}/${file}`, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } })
    writeFileSync(`${dir}/${file.replace(/\.ts$/, '.js')}`, outputText)
  }
}

/** Generates the client once from the service's $metadata; resolves with the package.json to require it from. */
async function generateClient(root: string): Promise<string> {
  const metadata = await fetch(`${root}/$metadata`, { headers: { authorization: `Basic ${Buffer.from('admin:admin-demo-password').toString('base64')}`, 'odata-maxversion': '4.0' } })
  rmSync(OUT, { recursive: true, force: true })
  mkdirSync(OUT, { recursive: true })
  writeFileSync(`${OUT}/shop.edmx`, await metadata.text())
  writeFileSync(`${OUT}/package.json`, '{ "type": "commonjs" }\n')
  const run = spawnSync(process.execPath, [GENERATOR, '-i', `${OUT}/shop.edmx`, '-o', `${OUT}/client`, '--overwrite', '--skipValidation'], { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`the SAP generator refused our $metadata:\n${run.stdout}\n${run.stderr}`)
  transpile(`${OUT}/client/shop`)
  return `${OUT}/package.json`
}

let generated: Promise<string> | undefined

/** The generated client's modules, required from the generated package. */
async function require_(pkg: Promise<string> | undefined): Promise<Api> {
  if (!pkg) throw new Error('the client was not generated')
  return createRequire(await pkg)('./client/shop/operations.js')
}

describe.each(kinds)('SAP Cloud SDK OData v4 client on %s', (kind) => {
  let app: ListeningExample
  let shop: Api
  let BigNumber: Api
  let sdk: Api
  beforeAll(async () => {
    app = await listenExample(kind)
    generated ??= generateClient(app.root)
    const require = createRequire(await generated)
    shop = require('./client/shop/index.js').shop()
    BigNumber = require('bignumber.js')
    sdk = require('@sap-cloud-sdk/odata-v4')
  }, 90_000)
  afterAll(async () => {
    await app?.close()
  })

  const destination = () => ({ url: app.root, username: 'admin', password: 'admin-demo-password' })

  it('queries with filter, select, expand, order and top', async () => {
    const { productsApi, categoriesApi } = shop
    const s = productsApi.schema
    const query = productsApi
      .requestBuilder()
      .getAll()
      .select(s.SKU, s.PRICE)
      .expand(s.CATEGORY.select(categoriesApi.schema.CODE))
      .filter(s.PRICE.greaterThan(new BigNumber(20)), s.STATUS.equals('Active'))
      .orderBy(sdk.desc(s.SKU))
      .top(2)
      .skipCsrfTokenFetching()
    const rows = await query.execute(destination())
    expect(rows.map((p: Api) => [p.sku, p.price.toNumber(), p.category.code])).toEqual([
      ['KT-3002', 79.9, 'KITCHEN'],
      ['KT-3001', 49, 'KITCHEN'],
    ])
  })

  it('updates with the ETag it read, and is refused with a stale one', async () => {
    const { customersApi } = shop
    const read = () => customersApi.requestBuilder().getByKey(new BigNumber(2)).skipCsrfTokenFetching().execute(destination())
    const [customer, sameCustomer] = [await read(), await read()]
    customer.country = 'CA'
    await customersApi.requestBuilder().update(customer).skipCsrfTokenFetching().execute(destination())
    sameCustomer.country = 'MX'
    const stale = customersApi.requestBuilder().update(sameCustomer).skipCsrfTokenFetching()
    await expect(stale.execute(destination())).rejects.toThrow(/412|update request failed/i)
    expect((await customersApi.requestBuilder().getByKey(new BigNumber(2)).skipCsrfTokenFetching().execute(destination())).country).toBe('CA')
  })

  it('calls the generated function and action of the service', async () => {
    const { customerOrders, cancelOrder } = await require_(generated)
    const orders = await customerOrders({ email: 'ada@example.com', since: null }).skipCsrfTokenFetching().execute(destination())
    expect(orders.map((o: Api) => o.number).sort()).toEqual(['SO-0001', 'SO-0003'])
    const cancelled = await cancelOrder({ number: 'SO-0003', reason: 'sap client' }).skipCsrfTokenFetching().execute(destination())
    expect(cancelled).toMatchObject({ number: 'SO-0003', status: 'Cancelled', note: 'Cancelled: sap client' })
    await expect(cancelOrder({ number: 'SO-0003' }).skipCsrfTokenFetching().execute(destination())).rejects.toThrow()
  })

  it('sends a $batch with a change set', async () => {
    const { tagsApi, batch, changeset } = shop
    const create = (label: string) => tagsApi.requestBuilder().create(tagsApi.entityBuilder().label(label).build())
    const responses = await batch(changeset(create(`sap-${kind}-1`), create(`sap-${kind}-2`)), tagsApi.requestBuilder().getAll().filter(sdk.filterFunctions().startsWith(tagsApi.schema.LABEL, `sap-${kind}`).equals(true)))
      .skipCsrfTokenFetching()
      .execute(destination())
    expect(responses.map((r: Api) => r.isSuccess())).toEqual([true, true])
    const read = responses[1].as(tagsApi)
    expect(read.map((t: Api) => t.label).sort()).toEqual([`sap-${kind}-1`, `sap-${kind}-2`])
  })
})
