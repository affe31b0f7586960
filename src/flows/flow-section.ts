import type { JsonSchema, SectionSchema } from '../model/index.js'
import { FLOW_PARAMETER_TYPES } from './flow-declaration.js'

/**
 * The JSON Schema of the `flows:` section. The loader validates declarations with it and
 * `portico schema` publishes it for editors. Steps are objects with one key naming their
 * kind; nested steps (`if`, `forEach`) refer back to the one step list in the module
 * schema's `$defs`, so the schema stays small and nesting has no fixed depth.
 */

const STEPS = { $ref: '#/$defs/flowSteps' }
const NAME = '^[A-Za-z][A-Za-z0-9_]*$'
const QUALIFIED = '^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)?$'
const DURATION = { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'string', pattern: '^\\d+(ms|s|m|h)$' }], description: 'Milliseconds, or 500ms, 10s, 5m, 1h.' }

const expression = (what: string): JsonSchema => ({ type: 'string', minLength: 1, description: `An expression: ${what}.` })
const value = { description: 'A value: a string is an expression, numbers, booleans and null are themselves, maps and lists are built member by member.' }
const values = { type: 'object', propertyNames: { pattern: NAME }, additionalProperties: value, description: 'Member → value (a string is an expression).' }
const entity = { type: 'string', pattern: QUALIFIED, description: 'Entity: Name in this module or Module.Name.' }
const as = { type: 'string', pattern: NAME, description: 'Variable that holds the result ($name).' }
const message = { type: 'string', minLength: 1, description: 'Text; {expression} parts are filled in.' }

function object(properties: Record<string, unknown>, required: readonly string[] = []): JsonSchema {
  return { type: 'object', additionalProperties: false, required, properties }
}

/** The schemas of the steps that hold no nested steps. */
const leafSteps: Record<string, JsonSchema> = {
  import: object({ mapping: { type: 'string', pattern: QUALIFIED }, from: expression('the payload (default $input)'), as }, ['mapping']),
  export: object({ mapping: { type: 'string', pattern: QUALIFIED }, rows: expression('a list of objects'), as }, ['mapping', 'rows', 'as']),
  validate: object({ condition: expression('true when valid'), message }, ['condition', 'message']),
  create: object({ entity, values, as }, ['entity', 'values']),
  update: object({ entity, id: expression('the object or its id'), values, as }, ['entity', 'id', 'values']),
  upsert: object(
    {
      entity,
      key: {
        anyOf: [{ type: 'array', minItems: 1, items: { type: 'string', pattern: NAME } }, { ...values, minProperties: 1 }],
        description: 'The members that find the object: names whose values are in values, or member → value.',
      },
      values,
      whenMissing: { enum: ['create', 'ignore', 'error'] },
      as,
    },
    ['entity', 'key', 'values'],
  ),
  delete: object({ entity, id: expression('the object or its id') }, ['entity', 'id']),
  query: object(
    { entity, where: expression('a condition over the members'), orderBy: { type: 'string', description: "'name, price desc'" }, top: { type: 'integer', minimum: 1 }, as },
    ['entity', 'as'],
  ),
  action: object({ name: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]*$' }, input: value, as }, ['name']),
  publish: object({ channel: { type: 'string', minLength: 1 }, key: expression('the message key'), payload: value }, ['channel', 'payload']),
  set: { type: 'object', minProperties: 1, propertyNames: { pattern: NAME }, additionalProperties: expression('the new value') },
  return: value,
  fail: object({ message }, ['message']),
  call: { type: 'object', description: 'Calls an operation of a consumed service (not wired yet).' },
  writeFile: { type: 'object', description: 'Writes a file to a channel (not wired yet).' },
}

const allSteps: Record<string, JsonSchema> = {
  ...leafSteps,
  if: object({ condition: expression('true or false'), then: STEPS, else: STEPS }, ['condition', 'then']),
  forEach: object({ in: expression('a list'), as, steps: STEPS }, ['in', 'as', 'steps']),
}

const stepList: JsonSchema = {
  type: 'array',
  minItems: 1,
  items: { type: 'object', additionalProperties: false, minProperties: 1, maxProperties: 1, properties: allSteps, description: 'One step: an object with one key naming its kind.' },
}

const trigger = {
  type: 'object',
  required: ['kind'],
  properties: {
    kind: { enum: ['manual', 'schedule', 'entity', 'operation', 'message', 'file'] },
    cron: { type: 'string', description: "Five or six fields: '0 2 * * *' (02:00), seconds first when six." },
    timezone: { type: 'string', description: 'IANA time zone of the cron (default UTC).' },
    entity,
    on: { type: 'array', minItems: 1, items: { enum: ['created', 'updated', 'deleted'] } },
    channel: { type: 'string' },
    path: { type: 'string' },
  },
  additionalProperties: false,
}

const flow = object(
  {
    description: { type: 'string' },
    trigger,
    input: object({ mapping: { type: 'string', pattern: QUALIFIED }, entity }),
    parameters: {
      type: 'object',
      propertyNames: { pattern: NAME },
      additionalProperties: { enum: FLOW_PARAMETER_TYPES.flatMap((t) => [t, `${t}?`]) },
      description: 'Name → type (String, Integer, Long, Decimal, Boolean, Date, DateTime; ? = optional): $name in expressions, given by an operation or flow run --param.',
    },
    transaction: { enum: ['flow', 'record'], description: 'One transaction for the run (default), or one per record batch of an import.' },
    commitEvery: { type: 'integer', minimum: 1, description: 'Records per transaction with transaction: record (default 1000).' },
    errors: object({
      retry: object({ attempts: { type: 'integer', minimum: 1, maximum: 100 }, initialDelay: DURATION, maxDelay: DURATION, jitter: { type: 'number', minimum: 0, maximum: 1 } }),
      onRecordError: { enum: ['skip', 'fail'], description: 'A bad record: report and skip it, or fail the import (nothing written).' },
      deadLetter: { type: 'boolean', description: 'Keep a run that failed its last attempt as a dead letter (default true).' },
    }),
    steps: STEPS,
  },
  ['trigger', 'steps'],
)

/** The `flows:` section: integration logic, a trigger and steps, by name. */
export const flowSection: SectionSchema = Object.freeze({
  section: 'flows',
  description: 'Flows: a trigger (manual, schedule, entity event, operation) and steps, with an error policy, by name.',
  kinds: Object.freeze({ default: flow }),
  defs: Object.freeze({ flowSteps: stepList }),
})
