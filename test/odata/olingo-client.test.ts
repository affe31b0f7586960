/**
 * Apache Olingo's Java OData client (Maven Central, test/odata/olingo) against the example
 * service: it parses $metadata into its EDM, runs a filtered and expanded query, and sends a
 * multipart $batch with a change set. Needs Java 17 and Maven with the dependencies fetched
 * once (`mvn -f test/odata/olingo/pom.xml dependency:go-offline`); runs offline after that.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseKinds } from '../support/databases.js'
import { listenExample, missingTools, type ListeningExample } from './client-support.js'

const PROJECT = fileURLToPath(new URL('./olingo', import.meta.url))
const kinds = await databaseKinds()
const missing = missingTools(['java', 'mvn'])

function run(command: string, args: readonly string[], timeoutMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: PROJECT })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, out })
    })
  })
}

describe.skipIf(missing !== undefined)('Apache Olingo OData client', () => {
  let classpath = ''
  beforeAll(async () => {
    const offline = process.env.CI === 'true' ? [] : ['-o']
    const compiled = await run('mvn', ['-q', ...offline, 'compile', 'dependency:build-classpath', '-Dmdep.outputFile=target/classpath.txt'], 50_000)
    if (compiled.code !== 0) throw new Error(`mvn failed:\n${compiled.out}`)
    classpath = `target/classes:${readFileSync(`${PROJECT}/target/classpath.txt`, 'utf8').trim()}`
  }, 60_000)

  describe.each(kinds)('on %s', (kind) => {
    let app: ListeningExample
    beforeAll(async () => {
      app = await listenExample(kind)
    })
    afterAll(async () => {
      await app?.close()
    })

    it('reads $metadata strictly, queries, and runs a $batch with a change set', async () => {
      const result = await run('java', ['-cp', classpath, 'dev.portico.odata.OlingoProbe', app.root, 'admin', 'admin-demo-password', `olingo-${kind}`], 40_000)
      expect(result.code, result.out).toBe(0)
      const lines = new Map(result.out.split('\n').filter((l) => /^[A-Z]+ /.test(l)).map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1)]))
      expect(lines.get('METADATA')).toBe('sets=Products,Categories,Tags,Customers,Orders,OrderLines lineKey=orderId,lineNo priceType=Edm.Decimal priceScale=2 categoryNav=Sales.Category')
      expect(lines.get('QUERY')).toBe('KT-3001:49:KITCHEN,KT-3002:79.9:KITCHEN')
      expect(lines.get('BATCH')).toBe('200,201,201,200')
      const tags = await app.runtime.kernel.as({ kind: 'system', id: 'test', roles: [] }).query({ entity: 'Catalog.Tag', filter: { kind: 'call', name: 'startswith', args: [{ kind: 'property', path: ['label'] }, { kind: 'literal', value: `olingo-${kind}` }] } })
      expect(tags.rows.map((t) => t.label).sort()).toEqual([`olingo-${kind}-a`, `olingo-${kind}-b`])
    }, 45_000)
  })
})
