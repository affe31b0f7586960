import { BoundedCache } from '../../../support/bounded-cache.js'
import type { ODataVersion } from '../contract/csdl-json.js'
import { odataErrors } from '../odata-errors.js'

export type MetadataLevel = 'minimal' | 'full' | 'none'

/** What a request asks of the response: protocol version, JSON flavour and preferences. */
export interface Negotiated {
  readonly version: ODataVersion
  readonly metadata: MetadataLevel
  /** Int64 and Decimal values as strings (`IEEE754Compatible=true`). */
  readonly ieee754: boolean
  readonly prefer: Preferences
}

export interface Preferences {
  readonly returnRepresentation?: boolean
  readonly maxPageSize?: number
  readonly includeAnnotations?: string
  readonly continueOnError: boolean
  /** `respond-async`: the client would take a 202 and a status monitor. */
  readonly respondAsync?: boolean
  /** `wait`: seconds the client waits for a synchronous answer. */
  readonly wait?: number
  /** `odata.track-changes`: the client wants a delta link with the collection. */
  readonly trackChanges?: boolean
}

export type Headers = Readonly<Record<string, string | undefined>>

/**
 * Reads OData-Version, OData-MaxVersion, Accept (or `$format`) and Prefer. Both prefixed and
 * unprefixed preference and parameter names are accepted (`odata.maxpagesize`, `maxpagesize`).
 */
export function negotiate(headers: Headers, format: string | undefined): Negotiated {
  // Clients send the same few header combinations over and over: each is read once.
  const key = `${headers['odata-version'] ?? ''}\n${headers['odata-maxversion'] ?? ''}\n${format ?? ''}\n${headers.accept ?? ''}\n${headers.prefer ?? ''}`
  return negotiated.get(key) ?? negotiated.set(key, readNegotiation(headers, format))
}

const negotiated = new BoundedCache<Negotiated>(500)

function readNegotiation(headers: Headers, format: string | undefined): Negotiated {
  const version = responseVersion(headers)
  const media = format === undefined ? headers.accept ?? '*/*' : formatMediaType(format)
  const params = jsonParameters(media)
  const metadata = (params.get('metadata') ?? 'minimal') as MetadataLevel
  if (!['minimal', 'full', 'none'].includes(metadata)) {
    throw odataErrors.create('ODATA_NOT_ACCEPTABLE', `odata.metadata=${metadata} is not one of minimal, full, none`, { target: 'Accept' })
  }
  return Object.freeze({ version, metadata, ieee754: (params.get('ieee754compatible') ?? 'false').toLowerCase() === 'true', prefer: Object.freeze(preferences(headers.prefer)) })
}

function responseVersion(headers: Headers): ODataVersion {
  const asked = headers['odata-version']
  if (asked !== undefined && !['4.0', '4.01'].includes(asked.trim())) {
    throw odataErrors.create('ODATA_VERSION_NOT_SUPPORTED', `OData-Version ${asked} is not supported; this service speaks 4.0 and 4.01`, { target: 'OData-Version' })
  }
  const max = headers['odata-maxversion']
  if (max === undefined) return '4.01'
  const n = Number(max.trim())
  if (!Number.isFinite(n) || n < 4) {
    throw odataErrors.create('ODATA_VERSION_NOT_SUPPORTED', `OData-MaxVersion ${max} is below 4.0, the oldest version this service speaks`, { target: 'OData-MaxVersion' })
  }
  return n >= 4.01 ? '4.01' : '4.0'
}

function formatMediaType(format: string): string {
  const lower = format.toLowerCase()
  if (lower === 'json') return 'application/json'
  if (lower === 'xml') return 'application/xml'
  return format
}

/** Parameters of the JSON media range the client accepts (lower-case names, `odata.` dropped). */
function jsonParameters(accept: string): Map<string, string> {
  const ranges = accept.split(',').map((r) => r.trim()).filter(Boolean)
  const json = ranges.find((r) => /^application\/json\b/i.test(r)) ?? ranges.find((r) => /^(\*\/\*|application\/\*)/.test(r))
  const params = new Map<string, string>()
  for (const p of (json ?? '').split(';').slice(1)) {
    const [name = '', value = ''] = p.split('=').map((s) => s.trim())
    params.set(name.toLowerCase().replace(/^odata\./, ''), value)
  }
  return params
}

/** Whether the Accept header (or `$format`) admits one of the media types. */
export function accepts(headers: Headers, format: string | undefined, types: readonly string[]): boolean {
  const media = format === undefined ? headers.accept ?? '*/*' : formatMediaType(format)
  if (media === '*/*') return true
  const ranges = mediaRanges.get(media) ?? mediaRanges.set(media, media.split(',').map((r) => (r.split(';')[0] ?? '').trim().toLowerCase()))
  return ranges.some((r) => r === '*/*' || r === '' || types.some((t) => t === r || (r.endsWith('/*') && t.startsWith(r.slice(0, -1)))))
}

/** The media ranges of Accept headers seen, without their parameters. */
const mediaRanges = new BoundedCache<readonly string[]>(500)

/** The preferences of a Prefer header (names with or without `odata.`); unknown ones are ignored. */
function preferences(header: string | undefined): Preferences {
  const out: { -readonly [K in keyof Preferences]: Preferences[K] } = { continueOnError: false }
  for (const part of (header ?? '').split(',')) {
    // A preference is `name[=value]`, then `;`-separated parameters (RFC 7240), which none of these take.
    const [rawName = '', ...rest] = (part.split(';')[0] ?? '').split('=')
    const name = rawName.trim().toLowerCase().replace(/^odata\./, '')
    const value = rest.join('=').trim().replace(/^"|"$/g, '')
    if (name === 'return') out.returnRepresentation = value === 'representation'
    else if (name === 'maxpagesize' && /^[0-9]+$/.test(value) && Number(value) > 0) out.maxPageSize = Number(value)
    else if (name === 'include-annotations') out.includeAnnotations = value
    else if (name === 'continue-on-error') out.continueOnError = value !== 'false'
    else if (name === 'respond-async') out.respondAsync = true
    else if (name === 'wait' && /^[0-9]+$/.test(value)) out.wait = Number(value)
    else if (name === 'track-changes') out.trackChanges = true
  }
  return out
}

/** The Preference-Applied header for what the service honoured. */
export function preferenceApplied(applied: readonly string[]): Record<string, string> {
  return applied.length ? { 'preference-applied': applied.join(', ') } : {}
}
