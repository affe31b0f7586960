import type { QueryLimits } from '../query/index.js'

/**
 * Where and with which secrets the model runs; never part of the model. Built by the CLI
 * from a config file and the environment, validated before the runtime starts.
 */
export interface RuntimeConfig {
  readonly database: {
    /** `sqlite:<file>` (relative to the app folder), `sqlite::memory:`, or `postgres://…`. */
    readonly url: string
  }
  readonly http: {
    readonly host: string
    readonly port: number
    /** PEM files; HTTPS (TLS ≥ 1.2) when both are set. */
    readonly tls?: { readonly cert: string; readonly key: string }
    /** Allow plain HTTP on a non-loopback address (behind a TLS-terminating proxy). */
    readonly allowInsecureHttp: boolean
    /** Largest request body accepted, in bytes. */
    readonly bodyLimit: number
    /** Externally visible base URL, for absolute links in contracts; derived when absent. */
    readonly publicUrl?: string
  }
  readonly log: { readonly level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' }
  readonly limits: QueryLimits
  /** Load the app's seed data (insert what is missing) at start. */
  readonly seed: boolean
  /** Per-adapter settings by adapter kind (API keys, broker addresses, credentials). */
  readonly adapters: Readonly<Record<string, Readonly<Record<string, unknown>>>>
}
