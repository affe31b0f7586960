import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportSPKI, generateKeyPair, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultPlatform } from '../../src/cli/adapters.js'
import { loadConfig } from '../../src/cli/config.js'
import { createRuntime, type Runtime } from '../../src/runtime/index.js'

/** A small app whose services switch on CORS, rate limits, JWT, anonymous access and deprecation. */
function writeApp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'portico-rest-options-'))
  mkdirSync(join(dir, 'Shop'))
  writeFileSync(join(dir, 'portico.yaml'), 'app: opts\nversion: 1.0.0\nmodules: [Shop]\nroles:\n  Admin: {}\n  Guest: {}\n')
  writeFileSync(
    join(dir, 'Shop', 'domain.yaml'),
    `entities:
  Note:
    attributes:
      title: { type: String(50), required: true }
    access:
      - { roles: [Admin], allow: [create, read, update, delete] }
      - { roles: [Guest], allow: [read] }
`,
  )
  writeFileSync(
    join(dir, 'Shop', 'services.yaml'),
    `services:
  - kind: rest
    name: open
    version: 1.0.0
    path: /rest/open/v1
    authentication: [none]
    anonymousRoles: [Guest]
    cors: { origins: ['https://app.example.com'], credentials: true, maxAge: 600 }
    rateLimit: { requests: 3, perSeconds: 60 }
    deprecated: { since: 2026-01-01, sunset: 2027-06-30, successor: /rest/open/v2 }
    resources:
      notes: { entity: Note, operations: [list, get] }
  - kind: rest
    name: secure
    version: 1.0.0
    path: /rest/secure/v1
    authentication: [jwt]
    resources:
      notes: { entity: Note }
`,
  )
  return dir
}

describe('REST service options', () => {
  let runtime: Runtime
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey']
  const token = (claims: Record<string, unknown>, options: { issuer?: string; audience?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(options.issuer ?? 'https://issuer.example.com')
      .setAudience(options.audience ?? 'portico')
      .setSubject('alice')
      .setExpirationTime('5m')
      .sign(privateKey)

  beforeAll(async () => {
    const keys = await generateKeyPair('RS256')
    privateKey = keys.privateKey
    const dir = writeApp()
    const platform = defaultPlatform()
    const model = platform.loader.load(dir).model
    if (!model) throw new Error('app does not load')
    const config = loadConfig({ appDir: dir, env: { PORTICO_DATABASE_URL: 'sqlite::memory:', PORTICO_LOG_LEVEL: 'silent' } })
    const jwt = { issuer: 'https://issuer.example.com', audience: 'portico', publicKey: await exportSPKI(keys.publicKey), rolesClaim: 'roles' }
    runtime = await createRuntime({ model, platform, config: { ...config, adapters: { rest: { jwt } } } })
  })
  afterAll(async () => runtime?.close())

  it('lets anonymous callers in with the anonymous roles only', async () => {
    const list = await runtime.http.inject({ method: 'GET', url: '/rest/open/v1/notes' })
    expect(list.statusCode).toBe(200)
    const create = await runtime.http.inject({ method: 'POST', url: '/rest/open/v1/notes', payload: { title: 'x' } })
    expect(create.statusCode).toBe(405)
  })

  it('answers CORS preflights for allowed origins only, without asking for credentials', async () => {
    const preflight = await runtime.http.inject({
      method: 'OPTIONS',
      url: '/rest/open/v1/notes',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
    })
    expect(preflight.statusCode).toBe(204)
    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example.com')
    expect(preflight.headers['access-control-allow-credentials']).toBe('true')
    expect(preflight.headers['access-control-max-age']).toBe('600')
    const other = await runtime.http.inject({ method: 'GET', url: '/rest/open/v1/notes', headers: { origin: 'https://evil.example.com' } })
    expect(other.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('marks a deprecated service with Deprecation, Sunset and a successor link', async () => {
    const res = await runtime.http.inject({ method: 'GET', url: '/rest/open/v1/notes', remoteAddress: '10.0.0.1' })
    expect(res.statusCode).toBe(200)
    expect(res.headers.deprecation).toBe(`@${Date.parse('2026-01-01T00:00:00Z') / 1000}`)
    expect(res.headers.sunset).toBe('Wed, 30 Jun 2027 23:59:59 GMT')
    expect(res.headers.link).toBe('</rest/open/v2>; rel="successor-version"')
    const document = (await runtime.http.inject({ method: 'GET', url: '/rest/open/v1/openapi.json' })).json()
    expect(document.paths['/notes'].get.deprecated).toBe(true)
  })

  it('limits the rate per client with 429 and Retry-After', async () => {
    const statuses: number[] = []
    let last
    for (let i = 0; i < 6; i++) {
      last = await runtime.http.inject({ method: 'GET', url: '/rest/open/v1/notes/1', remoteAddress: '10.0.0.9' })
      statuses.push(last.statusCode)
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2)
    expect(last?.headers['retry-after']).toBeDefined()
    expect(last?.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' })
    const elsewhere = await runtime.http.inject({ method: 'GET', url: '/rest/open/v1/notes', remoteAddress: '10.0.0.10' })
    expect(elsewhere.statusCode).toBe(200)
  })

  it('accepts a JWT from the configured issuer and audience, taking roles from its claim', async () => {
    const ok = await runtime.http.inject({
      method: 'POST',
      url: '/rest/secure/v1/notes',
      headers: { authorization: `Bearer ${await token({ roles: ['Admin'] })}`, 'content-type': 'application/json' },
      payload: { title: 'by jwt' },
    })
    expect(ok.statusCode).toBe(201)
    const guest = await runtime.http.inject({ method: 'POST', url: '/rest/secure/v1/notes', headers: { authorization: `Bearer ${await token({ roles: ['Guest'] })}` }, payload: { title: 'x' } })
    expect(guest.statusCode).toBe(403)
    const wrongAudience = await runtime.http.inject({ method: 'GET', url: '/rest/secure/v1/notes', headers: { authorization: `Bearer ${await token({ roles: ['Admin'] }, { audience: 'other' })}` } })
    expect(wrongAudience.statusCode).toBe(401)
    expect(wrongAudience.headers['www-authenticate']).toContain('Bearer realm="secure"')
    const none = await runtime.http.inject({ method: 'GET', url: '/rest/secure/v1/notes' })
    expect(none.statusCode).toBe(401)
  })
})
