import { existsSync, readdirSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { tsImport } from 'tsx/esm/api'
import { isActionDefinition, type ActionDefinition } from './action.js'
import { flowErrors } from './errors.js'

const EXTENSIONS = new Set(['.ts', '.mts', '.js', '.mjs'])
const ACTION_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/

function actionFiles(appDir: string): string[] {
  const dir = join(appDir, 'actions')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => EXTENSIONS.has(extname(f)) && !f.endsWith('.d.ts') && !/\.test\.[mc]?[jt]s$/.test(f) && ACTION_NAME.test(basename(f, extname(f))))
    .sort()
    .map((f) => join(dir, f))
}

/** Names of the custom actions in an app folder: the files of `actions/`, without extension. */
export function listActions(appDir: string): string[] {
  return actionFiles(appDir).map((f) => basename(f, extname(f)))
}

/**
 * Loads the custom actions of an app folder, explicitly, at start (never by scanning later).
 * TypeScript files are compiled on the fly by tsx. A module must default-export
 * `defineAction({ name, run })` named after its file.
 */
export async function loadActions(appDir: string): Promise<ReadonlyMap<string, ActionDefinition>> {
  const out = new Map<string, ActionDefinition>()
  for (const file of actionFiles(appDir)) {
    const expected = basename(file, extname(file))
    const loaded = (await importModule(file)) as { default?: unknown }
    const exported = unwrapDefault(loaded.default)
    if (!isActionDefinition(exported)) {
      throw flowErrors.create('FLOW_ACTION_INVALID', `${file} must default-export defineAction({ name: '${expected}', run(ctx, input) { … } })`, { target: expected })
    }
    if (exported.name !== expected) {
      throw flowErrors.create('FLOW_ACTION_INVALID', `${file} declares action '${exported.name}'; an action is named after its file ('${expected}')`, { target: expected })
    }
    out.set(expected, exported)
  }
  return out
}

async function importModule(file: string): Promise<unknown> {
  const ext = extname(file)
  return ext === '.ts' || ext === '.mts' ? tsImport(pathToFileURL(file).href, import.meta.url) : import(pathToFileURL(file).href)
}

/** A TypeScript module read as CommonJS (no `"type": "module"` near it) nests its default once more. */
function unwrapDefault(value: unknown): unknown {
  if (isActionDefinition(value)) return value
  const inner = typeof value === 'object' && value !== null ? (value as { default?: unknown }).default : undefined
  return inner ?? value
}
