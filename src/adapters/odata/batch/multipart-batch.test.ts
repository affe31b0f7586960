import { describe, expect, it } from 'vitest'
import { boundaryOf, parseMultipartBatch, writeMultipartBatch } from './multipart-batch.js'

const BODY = [
  '--b1',
  'Content-Type: application/http',
  '',
  'GET Products(1) HTTP/1.1',
  'Accept: application/json',
  '',
  '',
  '--b1',
  'Content-Type: multipart/mixed; boundary=cs1',
  '',
  '--cs1',
  'Content-Type: application/http',
  'Content-ID: 1',
  '',
  'POST Tags HTTP/1.1',
  'Content-Type: application/json',
  '',
  '{"label":"x"}',
  '--cs1--',
  '--b1--',
  '',
].join('\r\n')

describe('multipart $batch', () => {
  it('reads the boundary, requests, change sets and Content-IDs', () => {
    expect(boundaryOf('multipart/mixed; boundary="b1"')).toBe('b1')
    expect(parseMultipartBatch(BODY, 'b1')).toEqual([
      { kind: 'single', item: { method: 'GET', url: 'Products(1)', headers: { accept: 'application/json' } } },
      { kind: 'changeset', id: 'cs1', items: [{ id: '1', method: 'POST', url: 'Tags', headers: { 'content-type': 'application/json' }, body: '{"label":"x"}' }] },
    ])
  })

  it('refuses a body without its closing delimiter or with a bad request line', () => {
    expect(() => parseMultipartBatch('--b1\r\nContent-Type: application/http\r\n\r\nGET x\r\n', 'b1')).toThrow(/closing delimiter/)
    expect(() => parseMultipartBatch('--b1\r\nContent-Type: application/http\r\n\r\nnot a request\r\n--b1--', 'b1')).toThrow(/not an HTTP request line/)
  })

  it('writes responses with their status lines, a failed change set as one response', () => {
    const item = { method: 'POST', url: 'Tags', headers: {}, id: '1' }
    const { contentType, body } = writeMultipartBatch([
      { kind: 'changeset', id: 'c', items: [item], responses: [{ status: 201, headers: { location: 'Tags(9)' }, body: '{}' }] },
      { kind: 'failed', id: 'd', items: [item], failed: 0, response: { status: 400, headers: {}, body: '{"error":{}}' } },
    ])
    const boundary = boundaryOf(contentType) as string
    expect(body.startsWith(`--${boundary}\r\nContent-Type: multipart/mixed; boundary=changesetresponse_`)).toBe(true)
    expect(body).toContain('Content-ID: 1\r\n\r\nHTTP/1.1 201 Created\r\nlocation: Tags(9)\r\n\r\n{}')
    expect(body).toContain('HTTP/1.1 400 Bad Request')
    expect(body.endsWith(`--${boundary}--\r\n`)).toBe(true)
  })
})
