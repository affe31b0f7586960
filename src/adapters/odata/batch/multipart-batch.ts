import { randomUUID } from 'node:crypto'
import { odataErrors } from '../odata-errors.js'
import type { ODataResponse } from '../inbound/handler-context.js'
import { httpMessageHead } from '../inbound/http-message.js'
import type { BatchGroup, BatchItem, GroupResult } from './run-batch.js'

interface Part {
  readonly headers: Record<string, string>
  readonly body: string
}

/** The boundary parameter of a multipart content type. */
export function boundaryOf(contentType: string): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  return m?.[1] ?? m?.[2]
}

/** Parses a multipart/mixed `$batch` body (OData Protocol §11.7.7) into groups and change sets. */
export function parseMultipartBatch(body: string, boundary: string): BatchGroup[] {
  return splitParts(body, boundary).map((part, i): BatchGroup => {
    const type = part.headers['content-type'] ?? ''
    if (/^multipart\/mixed/i.test(type)) {
      const inner = boundaryOf(type)
      if (!inner) throw bad('a change set has no boundary')
      return { kind: 'changeset', id: inner, items: splitParts(part.body, inner).map(httpRequest) }
    }
    if (!/^application\/http/i.test(type)) throw bad(`part ${i + 1} is ${type || 'untyped'}; expected application/http or multipart/mixed`)
    return { kind: 'single', item: httpRequest(part) }
  })
}

function splitParts(body: string, boundary: string): Part[] {
  const delimiter = `--${boundary}`
  const end = body.indexOf(`${delimiter}--`)
  if (end < 0) throw bad(`the closing delimiter ${delimiter}-- is missing`)
  const chunks = body.slice(0, end).split(delimiter).slice(1)
  return chunks.map((chunk) => {
    const text = chunk.replace(/^[ \t]*\r?\n/, '').replace(/\r?\n$/, '')
    const { headers, rest } = headerBlock(text)
    return { headers, body: rest }
  })
}

function headerBlock(text: string): { headers: Record<string, string>; rest: string } {
  const m = /\r?\n\r?\n/.exec(text)
  const head = m ? text.slice(0, m.index) : text
  const rest = m ? text.slice(m.index + m[0].length) : ''
  const headers: Record<string, string> = {}
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  return { headers, rest }
}

function httpRequest(part: Part): BatchItem {
  const lines = part.body.replace(/^\s+/, '')
  const newline = lines.search(/\r?\n/)
  const requestLine = newline < 0 ? lines : lines.slice(0, newline)
  const m = /^([A-Z]+)\s+(\S+)(?:\s+HTTP\/1\.[01])?$/.exec(requestLine.trim())
  if (!m) throw bad(`not an HTTP request line: ${JSON.stringify(requestLine.slice(0, 60))}`)
  const { headers, rest } = headerBlock(newline < 0 ? '' : lines.slice(newline).replace(/^\r?\n/, ''))
  const id = part.headers['content-id'] ?? headers['content-id']
  const body = rest.replace(/\r?\n$/, '')
  return { method: m[1] as string, url: m[2] as string, headers, ...(id !== undefined ? { id } : {}), ...(body !== '' ? { body } : {}) }
}

/** Writes the multipart/mixed response of a batch; returns its content type and body. */
export function writeMultipartBatch(results: readonly GroupResult[]): { contentType: string; body: string } {
  const boundary = `batchresponse_${randomUUID()}`
  const parts = results.map((r) => {
    if (r.kind === 'single') return httpPart(r.response, r.item.id)
    if (r.kind === 'failed') return httpPart(r.response, r.items[r.failed]?.id)
    const inner = `changesetresponse_${randomUUID()}`
    const body = r.responses.map((res, i) => `--${inner}\r\n${httpPart(res, r.items[i]?.id)}`).join('\r\n') + `\r\n--${inner}--`
    return `Content-Type: multipart/mixed; boundary=${inner}\r\n\r\n${body}`
  })
  const body = parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('') + `--${boundary}--\r\n`
  return { contentType: `multipart/mixed; boundary=${boundary}`, body }
}

function httpPart(response: ODataResponse, id: string | undefined): string {
  const head = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary', ...(id !== undefined ? [`Content-ID: ${id}`] : [])].join('\r\n')
  const body = response.body === undefined ? '' : String(response.body)
  return `${head}\r\n\r\n${httpMessageHead(response)}${body}`
}

function bad(message: string) {
  return odataErrors.create('ODATA_BAD_BATCH', `$batch: ${message}`, { target: '$batch' })
}
