import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIdentity } from '../../src/kernel/index.js'
import { createIdentityStore } from '../../src/store/index.js'
import { runCli } from '../support/cli.js'
import { databaseKinds, openTestDatabase, type TestDatabase } from '../support/databases.js'
import { EXAMPLE_DIR } from '../support/example-app.js'

const kinds = await databaseKinds()

describe.each(kinds)('portico apikey and user on %s', (kind) => {
  let db: TestDatabase
  const env = () => ({ PORTICO_DATABASE_URL: db.url })
  const identity = () => createIdentity(createIdentityStore(db.driver))

  beforeAll(async () => {
    db = await openTestDatabase(kind)
    expect((await runCli(['db', 'sync', EXAMPLE_DIR], env())).code).toBe(0)
  })
  afterAll(async () => db.dispose())

  it('creates a key printed once, lists it without its secret, and revokes it', async () => {
    const created = await runCli(['apikey', 'create', 'ci-robot', '--roles', 'Clerk,Viewer', '--app', EXAMPLE_DIR], env())
    expect(created.code).toBe(0)
    const token = created.out.trim()
    expect(token).toMatch(/^ptk_[a-z0-9]+_[A-Za-z0-9_-]+$/)
    expect(await identity().authenticateApiKey(token)).toMatchObject({ roles: ['Clerk', 'Viewer'] })
    const listed = await runCli(['apikey', 'list', '--app', EXAMPLE_DIR], env())
    expect(listed.out).toMatch(/^ci-robot {2}ptk_[a-z0-9]+_… {2}\[Clerk, Viewer\]/m)
    expect(listed.out).not.toContain(token)
    expect((await runCli(['apikey', 'revoke', 'ci-robot', '--app', EXAMPLE_DIR], env())).code).toBe(0)
    expect(await identity().authenticateApiKey(token)).toBeUndefined()
    expect((await runCli(['apikey', 'revoke', 'ci-robot', '--app', EXAMPLE_DIR], env())).code).toBe(1)
  })

  it('sets a user whose password comes from standard input', async () => {
    const result = await runCli(['user', 'set', 'alice', '--roles', 'Clerk', '--app', EXAMPLE_DIR], env(), Promise.resolve(), 'alice-secret-1\n')
    expect(result.code).toBe(0)
    expect(await identity().authenticateBasic('alice', 'alice-secret-1')).toMatchObject({ roles: ['Clerk'] })
    expect(await identity().authenticateBasic('alice', 'wrong')).toBeUndefined()
    const short = await runCli(['user', 'set', 'bob', '--app', EXAMPLE_DIR], env(), Promise.resolve(), 'short\n')
    expect(short.code).toBe(1)
  })

  it('refuses a key without roles', async () => {
    const result = await runCli(['apikey', 'create', 'nobody', '--roles', '', '--app', EXAMPLE_DIR], env())
    expect(result.code).toBe(1)
    expect(result.err).toContain('at least one role')
  })
})
