import type { Adapter } from '../adapters/adapter.js'
import { odataAdapter } from '../adapters/odata/index.js'
import { restAdapter } from '../adapters/rest/index.js'
import { createPlatform, type Platform } from '../runtime/index.js'

/** The adapters a `portico` command runs with. Registration is explicit, never by scanning. */
export function defaultAdapters(): Adapter[] {
  return [restAdapter(), odataAdapter()]
}

export function defaultPlatform(): Platform {
  return createPlatform(defaultAdapters())
}
