import type { EntityOperations } from '../kernel/index.js'

/**
 * Custom actions: the extension point of flows. An app puts `actions/<name>.ts` (or `.js`)
 * in its folder, default-exporting `defineAction({ name, input, run })`; an `action` step
 * calls it by name. The action gets the entity operations of the flow's transaction and a
 * logger — never SQL — so it obeys the same access rules, validation and transaction as
 * every declared step.
 */

/** A parameter's type; `?` makes it optional (null when absent). */
export type ParamType =
  | 'String'
  | 'Integer'
  | 'Long'
  | 'Decimal'
  | 'Boolean'
  | 'Date'
  | 'DateTime'
  | 'Object'
  | 'List'
  | 'Any'
  | 'String?'
  | 'Integer?'
  | 'Long?'
  | 'Decimal?'
  | 'Boolean?'
  | 'Date?'
  | 'DateTime?'
  | 'Object?'
  | 'List?'

export type ActionParams = Readonly<Record<string, ParamType>>

type ValueOf<T extends ParamType> = T extends 'String' | 'Date' | 'DateTime'
  ? string
  : T extends 'Integer' | 'Long' | 'Decimal'
    ? number
    : T extends 'Boolean'
      ? boolean
      : T extends 'Object'
        ? Readonly<Record<string, unknown>>
        : T extends 'List'
          ? readonly unknown[]
          : T extends `${infer U extends ParamType}?`
            ? ValueOf<U> | null
            : unknown

/** The input an action's `run` receives, typed from its declared parameters. */
export type ActionInput<P extends ActionParams> = { readonly [K in keyof P]: ValueOf<P[K]> }

/** Where an action writes what it did. */
export interface ActionLogger {
  info(data: object, message?: string): void
  warn(data: object, message?: string): void
  error(data: object, message?: string): void
}

/** What an action may use: the flow's kernel operations (its transaction), a logger, the run's clock. */
export interface ActionContext {
  readonly ops: EntityOperations
  readonly log: ActionLogger
  /** `Module.Name` of the flow that calls the action. */
  readonly flow: string
  /** The run's time, the same as the flow's `now()`. */
  readonly now: Date
  readonly signal: AbortSignal
}

export interface ActionDefinition<P extends ActionParams = ActionParams, R = unknown> {
  /** The action's name: its file name without extension. */
  readonly name: string
  /** Declared parameters: the runtime checks a step's input against them, at start and per call. */
  readonly input?: P
  readonly description?: string
  run(ctx: ActionContext, input: ActionInput<P>): Promise<R> | R
}

/** Declares a custom action; the type of `input` in `run` follows the declared parameters. */
export function defineAction<const P extends ActionParams = ActionParams, R = unknown>(definition: ActionDefinition<P, R>): ActionDefinition<P, R> {
  return Object.freeze({ ...definition })
}

/** Whether a module's default export is an action. */
export function isActionDefinition(value: unknown): value is ActionDefinition {
  return typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string' && typeof (value as { run?: unknown }).run === 'function'
}
