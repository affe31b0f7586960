import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/cli/config.js'

function dirWith(config?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'portico-config-'))
  if (config !== undefined) writeFileSync(join(dir, 'portico.config.yaml'), config)
  return dir
}

describe('runtime configuration', () => {
  it('has embedded defaults: SQLite under the app folder, loopback, port 8080', () => {
    const config = loadConfig({ appDir: dirWith(), env: {} })
    expect(config.database.url).toBe('sqlite:data/app.sqlite')
    expect(config.http).toMatchObject({ host: '127.0.0.1', port: 8080, allowInsecureHttp: false })
    expect(config.limits.maxTop).toBeGreaterThan(0)
  })

  it('takes the file, then the environment over it', () => {
    const dir = dirWith('database:\n  url: postgres://u@h/db\nhttp:\n  port: 9000\n  host: 127.0.0.1\n')
    expect(loadConfig({ appDir: dir, env: {} }).http.port).toBe(9000)
    const config = loadConfig({ appDir: dir, env: { PORTICO_PORT: '9100', PORTICO_DATABASE_URL: 'sqlite::memory:' } })
    expect(config.http.port).toBe(9100)
    expect(config.database.url).toBe('sqlite::memory:')
  })

  it('names the bad value', () => {
    expect(() => loadConfig({ appDir: dirWith(), env: { PORTICO_PORT: 'eighty' } })).toThrow(/http\.port/)
    expect(() => loadConfig({ appDir: dirWith('http:\n  prot: 80\n'), env: {} })).toThrow(/prot/)
    expect(() => loadConfig({ appDir: dirWith(), env: { PORTICO_TLS_CERT: 'cert.pem' } })).toThrow(/http\.tls\.key/)
  })

  it('refuses a missing explicit config file', () => {
    expect(() => loadConfig({ appDir: dirWith(), file: '/nonexistent/portico.config.yaml', env: {} })).toThrow(/does not exist/)
  })
})
