import { odataErrors } from '../odata-errors.js'
import type { ODataResponse } from '../inbound/handler-context.js'
import type { BatchGroup, BatchItem, GroupResult } from './run-batch.js'

interface JsonBatchRequest {
  readonly id: string
  readonly method: string
  readonly url: string
  readonly headers?: Record<string, string>
  readonly body?: unknown
  readonly atomicityGroup?: string
  readonly dependsOn?: readonly string[]
}

/**
 * Parses a JSON `$batch` body (OData JSON Format 4.01 §19): requests run in order; the
 * requests of one atomicity group must be adjacent and form one change set. `dependsOn` may
 * only name earlier requests or groups (the order already satisfies it).
 */
export function parseJsonBatch(text: string): BatchGroup[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw odataErrors.create('ODATA_BAD_BATCH', `$batch: the body is not valid JSON (${(error as Error).message})`, { target: '$batch', cause: error })
  }
  const requests = (parsed as { requests?: unknown })?.requests
  if (!Array.isArray(requests)) throw bad('the body must be { "requests": [ … ] }')
  const groups: BatchGroup[] = []
  const seen = new Set<string>()
  const closed = new Set<string>()
  for (const raw of requests) {
    const r = checkRequest(raw, seen)
    const item: BatchItem = { id: r.id, method: r.method, url: r.url, headers: r.headers ?? {}, ...(r.body !== undefined ? { body: typeof r.body === 'string' ? r.body : JSON.stringify(r.body) } : {}) }
    const last = groups[groups.length - 1]
    if (r.atomicityGroup === undefined) groups.push({ kind: 'single', item })
    else if (last?.kind === 'changeset' && last.id === r.atomicityGroup) groups[groups.length - 1] = { ...last, items: [...last.items, item] }
    else if (closed.has(r.atomicityGroup)) throw bad(`the requests of atomicity group ${r.atomicityGroup} must be adjacent`)
    else groups.push({ kind: 'changeset', id: r.atomicityGroup, items: [item] })
    for (const g of groups.slice(0, -1)) if (g.kind === 'changeset') closed.add(g.id)
    seen.add(r.id)
    if (r.atomicityGroup) seen.add(r.atomicityGroup)
  }
  return groups
}

function checkRequest(raw: unknown, seen: ReadonlySet<string>): JsonBatchRequest {
  const r = raw as JsonBatchRequest
  if (typeof r !== 'object' || r === null || typeof r.id !== 'string' || typeof r.method !== 'string' || typeof r.url !== 'string') {
    throw bad('each request needs id, method and url')
  }
  if (seen.has(r.id)) throw bad(`request id ${r.id} is used twice`)
  for (const d of r.dependsOn ?? []) if (!seen.has(d)) throw bad(`request ${r.id} depends on ${d}, which is not an earlier request or group`)
  return r
}

/** Writes the JSON batch response: one entry per request; a failed group's other requests get 424. */
export function writeJsonBatch(results: readonly GroupResult[]): string {
  const responses = results.flatMap((r) => {
    if (r.kind === 'single') return [entry(r.item, r.response)]
    if (r.kind === 'changeset') return r.items.map((item, i) => entry(item, r.responses[i] as ODataResponse, r.id))
    return r.items.map((item, i) => (i === r.failed ? entry(item, r.response, r.id) : { id: item.id, atomicityGroup: r.id, status: 424 }))
  })
  return JSON.stringify({ responses })
}

function entry(item: BatchItem, response: ODataResponse, group?: string): Record<string, unknown> {
  const type = response.headers['content-type'] ?? ''
  const text = response.body === undefined ? undefined : String(response.body)
  return {
    id: item.id,
    ...(group !== undefined ? { atomicityGroup: group } : {}),
    status: response.status,
    headers: response.headers,
    ...(text === undefined ? {} : { body: /json/i.test(type) ? (JSON.parse(text) as unknown) : text }),
  }
}

function bad(message: string) {
  return odataErrors.create('ODATA_BAD_BATCH', `$batch: ${message}`, { target: '$batch' })
}
