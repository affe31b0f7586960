import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { FlowEngine } from '../flows/index.js'
import type { Identity, Kernel } from '../kernel/index.js'
import type { MappingRegistry } from '../mapping/index.js'
import type { AppModel, CheckRule, ExtensionModel, JsonSchema, ModelIndex } from '../model/index.js'

/**
 * A protocol adapter: its declarations in the model (schema + checker rules), the contract
 * documents it generates, and a binding per declared endpoint that serves or calls it.
 * This interface is the public SDK for new adapters (a legacy file format, a proprietary
 * protocol): implement it and pass the adapter to `createRuntime`.
 */
export interface Adapter {
  /** `rest`, `odata`, `soap`, `kafka`, … — the `kind` its declarations carry. */
  readonly kind: string
  /** The module-file section its declarations live in (`services`, `channels`, …). */
  readonly section: string
  /** JSON Schema of one declaration; checked when the model loads, published for editors. */
  readonly schema: JsonSchema
  /** Its own consistency rules, run with the domain rules by `portico check`. */
  readonly rules?: readonly CheckRule[]
  /**
   * Pure setup for one declaration (no I/O: no sockets, files or connections). Called only
   * for a model that checked without errors.
   */
  bind(declaration: ExtensionModel, ctx: AdapterContext): Binding
}

/** A published contract, as listed by `GET /contracts`. */
export interface PublishedContract {
  readonly kind: string
  readonly name: string
  readonly version: string
  /** Absolute path (or URL) where the service is served. */
  readonly baseUrl: string
  /** Where its document (OpenAPI, CSDL, WSDL, AsyncAPI) is served. */
  readonly document: string
  /** Its documents as files (`openapi.json`, `metadata.xml`, …), for `portico contracts generate`. */
  readonly files?: () => readonly ContractFile[]
}

/** A contract document written to disk. */
export interface ContractFile {
  /** File name, e.g. `openapi.yaml`. */
  readonly name: string
  readonly content: string
}

export interface Binding {
  readonly contracts?: readonly PublishedContract[]
  /** Registers HTTP routes; called before the server listens. */
  routes?(http: FastifyInstance): void | Promise<void>
  /** Starts listening or polling (message brokers, file pollers). */
  start?(signal: AbortSignal): Promise<void>
  stop?(): Promise<void>
}

/** What the runtime gives an adapter. */
export interface AdapterContext {
  readonly model: AppModel
  readonly index: ModelIndex
  /** The kernel: every read and write goes through it, with the caller's principal. */
  readonly kernel: Kernel
  /** Turns credentials from the wire into a principal. */
  readonly identity: Identity
  /** Runs the model's flows: an operation bound to a flow calls `flows.run(name, input, { principal, trigger: { kind: 'operation' } })`. */
  readonly flows: FlowEngine
  /** The model's mappings, compiled: request and response bodies of operations bound to flows. */
  readonly mappings: MappingRegistry
  readonly log: Logger
  /** The adapter's section of the runtime configuration (secrets, addresses), unchecked. */
  readonly config: Readonly<Record<string, unknown>>
  /**
   * Where the runtime is reachable, for absolute links (`http://127.0.0.1:8080`): the configured
   * public URL, else the listening address — read it when a link is made, since a runtime
   * started on port 0 knows its port only once it listens.
   */
  readonly publicUrl: string
}
