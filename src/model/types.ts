/**
 * The app model as loaded: readonly data, every element with its source position.
 * References between elements are qualified names (`Module.Entity`); the checker
 * verifies they resolve, and `ModelIndex` looks them up.
 */

export interface SourcePosition {
  readonly file: string
  /** 1-based. */
  readonly line: number
  /** 1-based. */
  readonly column: number
}

export interface Located {
  /** Where the element is declared (its key in the YAML file). */
  readonly pos: SourcePosition
  /** Positions of the element's own fields (`type`, `default`, `target`, …) where they differ. */
  readonly fieldPos: Readonly<Record<string, SourcePosition>>
}

export type AttributeTypeName =
  | 'String'
  | 'Text'
  | 'Integer'
  | 'Long'
  | 'Decimal'
  | 'Boolean'
  | 'Date'
  | 'DateTime'
  | 'Enum'
  | 'UUID'
  | 'AutoNumber'
  | 'Binary'

export type AttributeType =
  | { readonly kind: 'String'; readonly length: number }
  | { readonly kind: 'Text' }
  | { readonly kind: 'Integer' }
  | { readonly kind: 'Long' }
  | { readonly kind: 'Decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'Boolean' }
  | { readonly kind: 'Date' }
  | { readonly kind: 'DateTime' }
  /** `enumeration` is qualified (`Module.Enum`) once loaded. */
  | { readonly kind: 'Enum'; readonly enumeration: string }
  | { readonly kind: 'UUID' }
  | { readonly kind: 'AutoNumber' }
  | { readonly kind: 'Binary' }
  /** A type the loader could not parse; the checker reports it. */
  | { readonly kind: 'Unknown'; readonly text: string }

/** A value as written in the model (defaults, min/max): JSON scalars. */
export type ModelValue = string | number | boolean | null

export interface AttributeModel extends Located {
  readonly name: string
  readonly type: AttributeType
  readonly required: boolean
  readonly unique: boolean
  readonly default?: ModelValue
  readonly min?: ModelValue
  readonly max?: ModelValue
  readonly minLength?: number
  readonly maxLength?: number
  readonly pattern?: string
  readonly description?: string
  /** The attribute's previous name: schema sync renames the column instead of dropping it. */
  readonly renamedFrom?: string
  /** System members (id, createdAt, changedAt, version) are added by the loader, never declared. */
  readonly system: boolean
}

export type AssociationKind = 'reference' | 'referenceSet' | 'oneToOne'
export type DeleteBehaviour = 'prevent' | 'cascade' | 'setNull'

export interface AssociationModel extends Located {
  readonly name: string
  /** reference = many-to-one, referenceSet = many-to-many, oneToOne. */
  readonly kind: AssociationKind
  /** Qualified target entity. */
  readonly target: string
  /** Name of the navigation from the target back to this entity (e.g. `lines` for OrderLine.order). */
  readonly inverse?: string
  readonly required: boolean
  /** What deleting the *target* does to this entity's objects that refer to it. */
  readonly onDelete: DeleteBehaviour
  readonly description?: string
  readonly renamedFrom?: string
}

export interface IndexModel extends Located {
  readonly name: string
  /** Attribute or reference-association names. */
  readonly members: readonly string[]
  readonly unique: boolean
}

export type AccessOperation = 'create' | 'read' | 'update' | 'delete'

/** Grants some roles some operations on an entity; everything not granted is denied. */
export interface AccessRuleModel extends Located {
  readonly roles: readonly string[]
  readonly allow: readonly AccessOperation[]
  /** Members the roles may read; all when absent. */
  readonly readable?: readonly string[]
  /** Members the roles may write; all when absent. */
  readonly writable?: readonly string[]
}

export interface EntityModel extends Located {
  readonly name: string
  readonly module: string
  /** `Module.Entity`. */
  readonly qualifiedName: string
  readonly persistent: boolean
  readonly description?: string
  readonly renamedFrom?: string
  /** Declared attributes first, then the system members. */
  readonly attributes: readonly AttributeModel[]
  readonly associations: readonly AssociationModel[]
  readonly indexes: readonly IndexModel[]
  readonly access: readonly AccessRuleModel[]
}

export interface EnumValueModel extends Located {
  readonly name: string
  readonly caption: string
}

export interface EnumerationModel extends Located {
  readonly name: string
  readonly module: string
  readonly qualifiedName: string
  readonly values: readonly EnumValueModel[]
  readonly description?: string
}

/**
 * A declaration the core does not interpret: a published or consumed service, a mapping,
 * a flow. The adapter (or layer) that owns `kind` validates and reads `body`.
 */
export interface ExtensionModel extends Located {
  /** The section it was declared in: `services`, `mappings`, `flows`, … */
  readonly section: string
  readonly kind: string
  readonly name: string
  readonly module: string
  /** The declaration as written (plain JSON data). */
  readonly body: Readonly<Record<string, unknown>>
  /** JSON pointer of the declaration in its file, to locate nested fields. */
  readonly pointer: string
}

export interface ModuleModel extends Located {
  readonly name: string
  readonly files: readonly string[]
  readonly entities: readonly EntityModel[]
  readonly enumerations: readonly EnumerationModel[]
  readonly extensions: readonly ExtensionModel[]
}

export interface RoleModel extends Located {
  readonly name: string
  readonly description?: string
}

export interface AppModel extends Located {
  readonly name: string
  readonly version: string
  /** Absolute path of the app folder. */
  readonly dir: string
  readonly modules: readonly ModuleModel[]
  readonly roles: readonly RoleModel[]
  /** Positions of every node of every file, by JSON pointer, for precise diagnostics. */
  readonly sources: SourceIndex
}

/** Where a YAML node sits: its key (or, for a list item, its dash) and its value. */
export interface NodePosition {
  readonly key: SourcePosition
  readonly value: SourcePosition
}

/** Positions by file (relative to the app folder) and JSON pointer (`/entities/Product/attributes/sku/type`). */
export type SourceIndex = ReadonlyMap<string, ReadonlyMap<string, NodePosition>>

/** Names the loader adds to every persistent entity. */
export const SYSTEM_ATTRIBUTES = ['id', 'createdAt', 'changedAt', 'version'] as const
export type SystemAttributeName = (typeof SYSTEM_ATTRIBUTES)[number]
