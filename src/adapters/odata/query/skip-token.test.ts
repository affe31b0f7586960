import { describe, expect, it } from 'vitest'
import { decodeSkipToken, encodeSkipToken } from './skip-token.js'

describe('skip tokens', () => {
  it('round-trip a keyset cursor and the rows $top still allows', () => {
    const token = { after: ['x', 1.5, null, true, 42], remaining: 7 }
    expect(decodeSkipToken(encodeSkipToken(token))).toEqual(token)
    expect(encodeSkipToken(token)).toMatch(/^[A-Za-z0-9_-]+$/)
  })

  it('refuses anything the service did not issue', () => {
    for (const text of ['garbage', encodeSkipToken({ skip: -1 }), Buffer.from('[1]').toString('base64url'), Buffer.from('{"after":[{}]}').toString('base64url')]) {
      expect(() => decodeSkipToken(text)).toThrow(/not a token this service issued/)
    }
  })
})
