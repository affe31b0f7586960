import type { SourcePosition } from './types.js'

export type Severity = 'error' | 'warning' | 'info'

/** One finding about the model, always with a code and a file:line:column. */
export interface Diagnostic {
  readonly code: string
  readonly severity: Severity
  readonly message: string
  readonly file: string
  readonly line: number
  readonly column: number
}

export function diagnostic(code: string, severity: Severity, pos: SourcePosition, message: string): Diagnostic {
  return Object.freeze({ code, severity, message, file: pos.file, line: pos.line, column: pos.column })
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error')
}

/** `file:line:col  CODE  severity  message`, the format `portico check` prints. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}  ${d.code}  ${d.severity}  ${d.message}`
}

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  )
}
