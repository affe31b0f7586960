import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { parseAttributeType, qualify } from './attribute-type.js'
import { deepFreeze } from './freeze.js'
import { diagnostic, type Diagnostic } from './diagnostic.js'
import { appFileSchema, moduleFileSchema, type SectionSchema } from './schema.js'
import { compileSchema, locate, type SchemaValidator } from './schema-validator.js'
import type {
  AccessRuleModel,
  AppModel,
  AssociationModel,
  AttributeModel,
  EntityModel,
  EnumerationModel,
  ExtensionModel,
  IndexModel,
  ModelValue,
  ModuleModel,
  NodePosition,
  RoleModel,
  SourcePosition,
} from './types.js'
import { joinPointer, parseYamlSource, type YamlSource } from './yaml-source.js'

export const APP_FILE = 'portico.yaml'

export interface LoadOptions {
  /** Sections of module files owned by layers and adapters (`services`, `flows`, …). */
  readonly sections?: readonly SectionSchema[]
}

export interface LoadResult {
  /** Absent only when the app file itself cannot be read. */
  readonly model: AppModel | undefined
  readonly diagnostics: readonly Diagnostic[]
}

/** A loader compiled once for a set of sections; reuse it to load many apps. */
export interface ModelLoader {
  load(dir: string): LoadResult
}

type Json = Record<string, unknown>
type Positions = ReadonlyMap<string, NodePosition>

export function createLoader(options: LoadOptions = {}): ModelLoader {
  const sections = options.sections ?? []
  const appValidator = compileSchema(appFileSchema(), 'the app file')
  const moduleValidator = compileSchema(moduleFileSchema(sections), 'the module file')
  return { load: (dir) => loadFolder(resolve(dir), sections, appValidator, moduleValidator) }
}

/** Loads an app folder: its app file and every YAML file of every module. */
export function loadApp(dir: string, options: LoadOptions = {}): LoadResult {
  return createLoader(options).load(dir)
}

function loadFolder(
  dir: string,
  sections: readonly SectionSchema[],
  appValidator: SchemaValidator,
  moduleValidator: SchemaValidator,
): LoadResult {
  const diagnostics: Diagnostic[] = []
  const sources = new Map<string, Positions>()
  const appPath = join(dir, APP_FILE)
  if (!existsSync(appPath)) {
    const pos = { file: APP_FILE, line: 1, column: 1 }
    diagnostics.push(diagnostic('PY003', 'error', pos, `no ${APP_FILE} in ${dir}: an app folder starts with its app file`))
    return { model: undefined, diagnostics }
  }
  const appSource = parseYamlSource(APP_FILE, readFileSync(appPath, 'utf8'))
  diagnostics.push(...appSource.diagnostics)
  if (appSource.diagnostics.length > 0) return { model: undefined, diagnostics }
  sources.set(APP_FILE, appSource.positions)
  const schemaErrors = appValidator.validate(appSource.data, APP_FILE, appSource.positions)
  diagnostics.push(...schemaErrors)
  if (schemaErrors.length > 0 || !isObject(appSource.data)) return { model: undefined, diagnostics }
  const app = appSource.data
  const at = (pointer: string, atKey = false): SourcePosition => locate(appSource.positions, pointer, APP_FILE, atKey)

  const modules: ModuleModel[] = []
  const moduleNames = (app.modules as string[]) ?? []
  moduleNames.forEach((name, index) => {
    const folder = join(dir, name)
    const pos = at(joinPointer('/modules', index))
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      diagnostics.push(diagnostic('PY004', 'error', pos, `module '${name}' has no folder ${name}/ beside ${APP_FILE}`))
      return
    }
    const files = readdirSync(folder)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => relative(dir, join(folder, f)).split('\\').join('/'))
    const parsed: YamlSource[] = []
    for (const file of files) {
      const source = parseYamlSource(file, readFileSync(join(dir, file), 'utf8'))
      diagnostics.push(...source.diagnostics)
      if (source.diagnostics.length > 0) continue
      sources.set(file, source.positions)
      if (source.data === null || source.data === undefined) continue
      const errors = moduleValidator.validate(source.data, file, source.positions)
      diagnostics.push(...errors)
      if (errors.length === 0) parsed.push(source)
    }
    modules.push(buildModule(name, pos, files, parsed, sections))
  })

  const roles: RoleModel[] = Object.entries((app.roles as Json | undefined) ?? {}).map(([name, body]) => ({
    name,
    ...(isObject(body) && typeof body.description === 'string' ? { description: body.description } : {}),
    pos: at(joinPointer('/roles', name), true),
    fieldPos: {},
  }))

  const model: AppModel = {
    name: app.app as string,
    version: app.version as string,
    dir,
    modules,
    roles,
    sources,
    pos: at('/app', true),
    fieldPos: { version: at('/version') },
  }
  return { model: deepFreeze(model), diagnostics }
}

function buildModule(
  name: string,
  pos: SourcePosition,
  files: readonly string[],
  sources: readonly YamlSource[],
  sections: readonly SectionSchema[],
): ModuleModel {
  const entities: EntityModel[] = []
  const enumerations: EnumerationModel[] = []
  const extensions: ExtensionModel[] = []
  for (const source of sources) {
    const data = source.data as Json
    const ctx = new FileContext(source.file, source.positions, name)
    for (const [enumName, body] of Object.entries((data.enums as Json | undefined) ?? {})) {
      enumerations.push(ctx.enumeration(enumName, body))
    }
    for (const [entityName, body] of Object.entries((data.entities as Json | undefined) ?? {})) {
      entities.push(ctx.entity(entityName, (body ?? {}) as Json))
    }
    for (const section of sections) {
      const value = data[section.section]
      if (value !== undefined && value !== null) extensions.push(...ctx.extensions(section.section, value))
    }
  }
  return { name, files, entities, enumerations, extensions, pos, fieldPos: {} }
}

/** Builds the elements of one file, resolving positions by JSON pointer. */
class FileContext {
  constructor(
    readonly file: string,
    readonly positions: Positions,
    readonly module: string,
  ) {}

  keyAt(pointer: string): SourcePosition {
    return locate(this.positions, pointer, this.file, true)
  }

  valueAt(pointer: string): SourcePosition {
    return locate(this.positions, pointer, this.file, false)
  }

  fieldPositions(pointer: string, body: unknown): Record<string, SourcePosition> {
    if (!isObject(body)) return {}
    const out: Record<string, SourcePosition> = {}
    for (const key of Object.keys(body)) out[key] = this.valueAt(joinPointer(pointer, key))
    return out
  }

  enumeration(name: string, body: unknown): EnumerationModel {
    const pointer = joinPointer('/enums', name)
    const list = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.values) ? body.values : []
    const valuesPointer = Array.isArray(body) ? pointer : joinPointer(pointer, 'values')
    const values = list.map((v: unknown, i: number) => {
      const vp = joinPointer(valuesPointer, i)
      const valueName = typeof v === 'string' ? v : String((v as Json).name)
      const caption = typeof v === 'object' && v !== null && typeof (v as Json).caption === 'string' ? ((v as Json).caption as string) : valueName
      return { name: valueName, caption, pos: this.valueAt(vp), fieldPos: this.fieldPositions(vp, v) }
    })
    return {
      name,
      module: this.module,
      qualifiedName: `${this.module}.${name}`,
      values,
      ...(isObject(body) && typeof body.description === 'string' ? { description: body.description } : {}),
      pos: this.keyAt(pointer),
      fieldPos: this.fieldPositions(pointer, body),
    }
  }

  entity(name: string, body: Json): EntityModel {
    const pointer = joinPointer('/entities', name)
    const persistent = body.persistent !== false
    const pos = this.keyAt(pointer)
    const attributes: AttributeModel[] = Object.entries((body.attributes as Json | undefined) ?? {}).map(([n, a]) =>
      this.attribute(n, a, joinPointer(pointer, 'attributes', n)),
    )
    if (persistent) attributes.push(...systemAttributes(pos))
    const associations = Object.entries((body.associations as Json | undefined) ?? {}).map(([n, a]) =>
      this.association(n, a as Json, joinPointer(pointer, 'associations', n)),
    )
    const indexes = ((body.indexes as Json[] | undefined) ?? []).map((ix, i) =>
      this.index(name, ix, joinPointer(pointer, 'indexes', i)),
    )
    const access = ((body.access as Json[] | undefined) ?? []).map((rule, i) =>
      this.accessRule(rule, joinPointer(pointer, 'access', i)),
    )
    return {
      name,
      module: this.module,
      qualifiedName: `${this.module}.${name}`,
      persistent,
      ...optionalString(body, 'description'),
      ...optionalString(body, 'renamedFrom'),
      attributes,
      associations,
      indexes,
      access,
      pos,
      fieldPos: this.fieldPositions(pointer, body),
    }
  }

  attribute(name: string, raw: unknown, pointer: string): AttributeModel {
    const body: Json = typeof raw === 'string' ? { type: raw } : ((raw ?? {}) as Json)
    const fieldPos = typeof raw === 'string' ? { type: this.valueAt(pointer) } : this.fieldPositions(pointer, body)
    const value = (key: string): { [k: string]: ModelValue } =>
      key in body ? { [key]: body[key] as ModelValue } : {}
    const int = (key: string): { [k: string]: number } => (typeof body[key] === 'number' ? { [key]: body[key] as number } : {})
    return {
      name,
      type: parseAttributeType(String(body.type), this.module),
      required: body.required === true,
      unique: body.unique === true,
      ...value('default'),
      ...value('min'),
      ...value('max'),
      ...int('minLength'),
      ...int('maxLength'),
      ...optionalString(body, 'pattern'),
      ...optionalString(body, 'description'),
      ...optionalString(body, 'renamedFrom'),
      system: false,
      pos: this.keyAt(pointer),
      fieldPos,
    }
  }

  association(name: string, body: Json, pointer: string): AssociationModel {
    return {
      name,
      kind: (body.kind as AssociationModel['kind']) ?? 'reference',
      target: qualify(String(body.target), this.module),
      ...optionalString(body, 'inverse'),
      required: body.required === true,
      onDelete: (body.onDelete as AssociationModel['onDelete']) ?? 'prevent',
      ...optionalString(body, 'description'),
      ...optionalString(body, 'renamedFrom'),
      pos: this.keyAt(pointer),
      fieldPos: this.fieldPositions(pointer, body),
    }
  }

  index(entity: string, body: Json, pointer: string): IndexModel {
    const members = (body.members as string[]) ?? []
    return {
      name: typeof body.name === 'string' ? body.name : `${entity}_${members.join('_')}`,
      members,
      unique: body.unique === true,
      pos: this.valueAt(pointer),
      fieldPos: this.fieldPositions(pointer, body),
    }
  }

  accessRule(body: Json, pointer: string): AccessRuleModel {
    return {
      roles: (body.roles as string[]) ?? [],
      allow: (body.allow as AccessRuleModel['allow']) ?? [],
      ...(Array.isArray(body.readable) ? { readable: body.readable as string[] } : {}),
      ...(Array.isArray(body.writable) ? { writable: body.writable as string[] } : {}),
      pos: this.valueAt(pointer),
      fieldPos: this.fieldPositions(pointer, body),
    }
  }

  extensions(section: string, value: unknown): ExtensionModel[] {
    const base = joinPointer('', section)
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value as Json)
    return entries.map(([key, body]) => {
      const pointer = joinPointer(base, key)
      const json = (isObject(body) ? body : {}) as Json
      const name = typeof key === 'string' ? key : String(json.name ?? `${section}[${key}]`)
      return {
        section,
        kind: typeof json.kind === 'string' ? json.kind : 'default',
        name,
        module: this.module,
        body: json,
        pointer,
        pos: typeof key === 'string' ? this.keyAt(pointer) : this.valueAt(pointer),
        fieldPos: this.fieldPositions(pointer, json),
      }
    })
  }
}

function systemAttributes(pos: SourcePosition): AttributeModel[] {
  const base = { required: true, unique: false, system: true, pos, fieldPos: {} } as const
  return [
    { ...base, name: 'id', type: { kind: 'Long' }, unique: true },
    { ...base, name: 'createdAt', type: { kind: 'DateTime' } },
    { ...base, name: 'changedAt', type: { kind: 'DateTime' } },
    { ...base, name: 'version', type: { kind: 'Integer' } },
  ]
}

function optionalString(body: Json, key: string): Record<string, string> {
  return typeof body[key] === 'string' ? { [key]: body[key] as string } : {}
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
