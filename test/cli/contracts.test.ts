import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { runCli } from '../support/cli.js'
import { openTestDatabase } from '../support/databases.js'
import { EXAMPLE_DIR } from '../support/example-app.js'
import { startExample } from '../support/example-runtime.js'

describe('portico contracts generate', () => {
  const out = mkdtempSync(join(tmpdir(), 'portico-contracts-'))
  afterAll(() => rmSync(out, { recursive: true, force: true }))

  it('writes every contract of the example as the runtime serves it', async () => {
    const db = await openTestDatabase('sqlite')
    await db.driver.close()
    try {
      const r = await runCli(['contracts', 'generate', EXAMPLE_DIR, '--out', out], { PORTICO_DATABASE_URL: db.url })
      expect(r.code, r.err).toBe(0)
      expect(r.out.split('\n')).toEqual([
        `wrote ${join(out, 'rest-shop-1.0.0', 'openapi.json')}`,
        `wrote ${join(out, 'rest-shop-1.0.0', 'openapi.yaml')}`,
        `wrote ${join(out, 'odata-shop-1.0.0', 'metadata.xml')}`,
        `wrote ${join(out, 'odata-shop-1.0.0', 'metadata.json')}`,
      ])
    } finally {
      await db.dispose()
    }
    const ex = await startExample('sqlite')
    try {
      const served = (await ex.runtime.http.inject({ method: 'GET', url: '/rest/shop/v1/openapi.json' })).json()
      expect(JSON.parse(readFileSync(join(out, 'rest-shop-1.0.0', 'openapi.json'), 'utf8'))).toEqual(served)
      expect(parse(readFileSync(join(out, 'rest-shop-1.0.0', 'openapi.yaml'), 'utf8'))).toEqual(served)
      const metadata = await ex.runtime.http.inject({ method: 'GET', url: '/odata/shop/v1/$metadata', headers: { 'x-api-key': 'ptk_demoadmin_order-hub-demo-admin-key' } })
      // Vocabulary references are absolute: the written file has the configured public URL.
      const origin = (text: string) => text.replace(/http:\/\/127\.0\.0\.1:\d+/g, 'ORIGIN')
      expect(origin(readFileSync(join(out, 'odata-shop-1.0.0', 'metadata.xml'), 'utf8'))).toBe(origin(metadata.body))
    } finally {
      await ex.close()
    }
  })
})
