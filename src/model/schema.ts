/**
 * The JSON Schema of the model format (draft 2020-12). The loader validates every file with
 * it, and `portico schema` writes it to `schema/` so editors (yaml-language-server) can
 * validate and complete app files while they are typed.
 *
 * The core owns `enums` and `entities`; other sections (`services`, `mappings`, `flows`, …)
 * are contributed by the layers and adapters that interpret them.
 */

export type JsonSchema = Readonly<Record<string, unknown>>

/** A section of a module file owned by a layer or an adapter. */
export interface SectionSchema {
  /** Top-level key in a module file. */
  readonly section: string
  readonly description: string
  /**
   * Schemas of one declaration, by `kind`. A section whose declarations have no `kind`
   * uses the key `default`.
   */
  readonly kinds: Readonly<Record<string, JsonSchema>>
  /**
   * Definitions shared by the kinds' schemas, added to the module schema's `$defs` under
   * these names, so a recursive part (a step list) is written once: `$ref: '#/$defs/<name>'`.
   */
  readonly defs?: Readonly<Record<string, JsonSchema>>
}

const NAME = '^[A-Za-z][A-Za-z0-9_]*$'
const scalar = { type: ['string', 'number', 'boolean', 'null'] }

const attributeObject = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: {
    type: {
      type: 'string',
      description:
        'String(n), Text, Integer, Long, Decimal(p,s), Boolean, Date, DateTime, Enum(Name), UUID, AutoNumber or Binary.',
    },
    required: { type: 'boolean', description: 'A value must be present (NOT NULL).' },
    unique: { type: 'boolean', description: 'No two objects share the value.' },
    default: { ...scalar, description: 'Value used when none is given.' },
    min: { ...scalar, description: 'Smallest allowed value (numbers, dates).' },
    max: { ...scalar, description: 'Largest allowed value (numbers, dates).' },
    minLength: { type: 'integer', minimum: 0 },
    maxLength: { type: 'integer', minimum: 0 },
    pattern: { type: 'string', description: 'A regular expression the whole value must match.' },
    description: { type: 'string' },
    renamedFrom: { type: 'string', description: 'Previous name; schema sync renames the column and keeps its data.' },
  },
}

const association = {
  type: 'object',
  additionalProperties: false,
  required: ['target'],
  properties: {
    kind: { enum: ['reference', 'referenceSet', 'oneToOne'], default: 'reference' },
    target: { type: 'string', description: 'Entity name, or Module.Entity for another module.' },
    inverse: { type: 'string', description: 'Name of the navigation from the target back to this entity.' },
    required: { type: 'boolean' },
    onDelete: {
      enum: ['prevent', 'cascade', 'setNull'],
      default: 'prevent',
      description: 'What deleting the target does to objects that refer to it.',
    },
    description: { type: 'string' },
    renamedFrom: { type: 'string' },
  },
}

const accessRule = {
  type: 'object',
  additionalProperties: false,
  required: ['roles', 'allow'],
  properties: {
    roles: { type: 'array', items: { type: 'string' }, minItems: 1 },
    allow: { type: 'array', items: { enum: ['create', 'read', 'update', 'delete'] }, minItems: 1 },
    readable: { type: 'array', items: { type: 'string' } },
    writable: { type: 'array', items: { type: 'string' } },
  },
}

const entity = {
  type: 'object',
  additionalProperties: false,
  properties: {
    description: { type: 'string' },
    persistent: { type: 'boolean', default: true },
    renamedFrom: { type: 'string' },
    attributes: {
      type: 'object',
      additionalProperties: { anyOf: [{ type: 'string' }, attributeObject] },
    },
    associations: { type: 'object', additionalProperties: association },
    indexes: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['members'],
        properties: {
          name: { type: 'string' },
          members: { type: 'array', items: { type: 'string' }, minItems: 1 },
          unique: { type: 'boolean' },
        },
      },
    },
    access: { type: 'array', items: accessRule },
  },
}

const enumeration = {
  anyOf: [
    { type: 'array', items: { type: 'string' }, description: 'The values, captions equal to names.' },
    {
      type: 'object',
      additionalProperties: false,
      required: ['values'],
      properties: {
        description: { type: 'string' },
        values: {
          type: 'array',
          items: {
            anyOf: [
              { type: 'string' },
              {
                type: 'object',
                additionalProperties: false,
                required: ['name'],
                properties: { name: { type: 'string' }, caption: { type: 'string' } },
              },
            ],
          },
        },
      },
    },
  ],
}

/** Schema of the app file (`portico.yaml`). */
export function appFileSchema(): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://portico.dev/schema/app.schema.json',
    title: 'Portico app',
    type: 'object',
    additionalProperties: false,
    required: ['app', 'version', 'modules'],
    properties: {
      $schema: { type: 'string' },
      app: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', description: 'The app name (kebab-case).' },
      version: { type: 'string', description: 'The app version (semver).' },
      description: { type: 'string' },
      modules: {
        type: 'array',
        items: { type: 'string', pattern: NAME },
        description: 'Module names; each is a folder of YAML files beside this file.',
      },
      roles: {
        type: 'object',
        description: 'App roles that access rules and services grant to.',
        additionalProperties: {
          anyOf: [
            { type: 'null' },
            { type: 'object', additionalProperties: false, properties: { description: { type: 'string' } } },
          ],
        },
      },
    },
  }
}

/** Schema of a module file, with the sections contributed by layers and adapters. */
export function moduleFileSchema(sections: readonly SectionSchema[]): JsonSchema {
  const defs: Record<string, JsonSchema> = {}
  const properties: Record<string, unknown> = {
    $schema: { type: 'string' },
    enums: { type: 'object', additionalProperties: enumeration, description: 'Enumerations by name.' },
    entities: { type: 'object', additionalProperties: entity, description: 'Entities by name.' },
  }
  for (const s of sections) {
    Object.assign(defs, s.defs)
    const kinds = Object.entries(s.kinds)
    const item =
      kinds.length === 1 && kinds[0]?.[0] === 'default'
        ? kinds[0][1]
        : {
            type: 'object',
            required: ['kind'],
            properties: { kind: { enum: kinds.map(([k]) => k) } },
            allOf: kinds.map(([k, schema]) => ({ if: { properties: { kind: { const: k } } }, then: schema })),
          }
    properties[s.section] = {
      description: s.description,
      anyOf: [
        { type: 'object', additionalProperties: item },
        { type: 'array', items: item },
      ],
    }
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://portico.dev/schema/module.schema.json',
    title: 'Portico module file',
    type: 'object',
    additionalProperties: false,
    properties,
    ...(Object.keys(defs).length > 0 ? { $defs: defs } : {}),
  }
}
