import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, type TLSSocket } from 'node:tls'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpServer } from '../src/runtime/http-server.js'

const log = pino({ level: 'silent' })
const base = { host: '127.0.0.1', port: 0, allowInsecureHttp: false, bodyLimit: 1024 * 1024 }

describe('the HTTP server', () => {
  it('refuses plain HTTP on a non-loopback address unless explicitly allowed', () => {
    expect(() => createHttpServer({ ...base, host: '0.0.0.0' }, log)).toThrow(/refusing plain HTTP on 0\.0\.0\.0/)
    expect(() => createHttpServer({ ...base, host: '0.0.0.0', allowInsecureHttp: true }, log)).not.toThrow()
    expect(() => createHttpServer(base, log)).not.toThrow()
  })

  describe('with a certificate', () => {
    let port = 0
    let close: () => Promise<void>

    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'portico-tls-'))
      const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')]
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' })
      const server = createHttpServer({ ...base, tls: { cert, key } }, log)
      server.get('/health', async () => ({ status: 'ok' }))
      const address = await server.listen({ host: '127.0.0.1', port: 0 })
      port = Number(new URL(address).port)
      close = () => server.close()
    })
    afterAll(async () => close?.())

    it('serves HTTPS', async () => {
      const body = await new Promise<string>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/health', rejectUnauthorized: false }, (res) => {
          let data = ''
          res.on('data', (c) => (data += c))
          res.on('end', () => resolve(data))
        })
        req.on('error', reject)
        req.end()
      })
      expect(JSON.parse(body)).toEqual({ status: 'ok' })
    })

    /** Connects with the client allowing old protocols (security level 0), so only the server can refuse. */
    const handshake = (maxVersion: 'TLSv1.1' | 'TLSv1.2') =>
      new Promise<string>((resolve) => {
        const socket: TLSSocket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false, minVersion: 'TLSv1', maxVersion, ciphers: 'DEFAULT:@SECLEVEL=0' })
        socket.on('secureConnect', () => {
          resolve(`connected with ${socket.getProtocol()}`)
          socket.destroy()
        })
        socket.on('error', (e) => resolve(`refused: ${e.message}`))
      })

    it('accepts TLS 1.2 and refuses older versions', async () => {
      expect(await handshake('TLSv1.2')).toBe('connected with TLSv1.2')
      expect(await handshake('TLSv1.1')).toMatch(/^refused/)
    })
  })
})
