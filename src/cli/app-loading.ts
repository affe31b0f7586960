import { resolve } from 'node:path'
import { formatDiagnostic, hasErrors, sortDiagnostics, type AppModel, type Diagnostic } from '../model/index.js'
import type { Platform } from '../runtime/index.js'

export interface CheckedApp {
  readonly model: AppModel | undefined
  readonly diagnostics: readonly Diagnostic[]
}

/** Loads and checks an app folder: the loader's diagnostics, then every rule's. */
export function loadAndCheck(platform: Platform, appDir: string): CheckedApp {
  const loaded = platform.loader.load(resolve(appDir))
  const diagnostics = [...loaded.diagnostics]
  if (loaded.model && !hasErrors(loaded.diagnostics)) diagnostics.push(...platform.registry.check(loaded.model))
  return { model: loaded.model, diagnostics: sortDiagnostics(diagnostics) }
}

/** `file:line:col  CODE  severity  message` lines and a count. */
export function printDiagnostics(diagnostics: readonly Diagnostic[], out: (line: string) => void): void {
  for (const d of diagnostics) out(formatDiagnostic(d))
  const errors = diagnostics.filter((d) => d.severity === 'error').length
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length
  if (diagnostics.length > 0) out(`${errors} error(s), ${warnings} warning(s)`)
}
