import type { Severity } from './diagnostic.js'

/** A documented diagnostic code that no checker rule owns: the loader's own findings. */
export interface DiagnosticDescription {
  readonly code: string
  readonly severity: Severity
  /** A short title for docs/diagnostics.md. */
  readonly title: string
  /** What the code means and how to fix a finding, for docs/diagnostics.md. */
  readonly description: string
}

/**
 * The codes the loader reports before any rule runs (loader.ts, yaml-source.ts,
 * schema-validator.ts). Listed here so docs/diagnostics.md can be checked against every
 * code a user may see, not only against the registered rules.
 */
export const LOADER_DIAGNOSTICS: readonly DiagnosticDescription[] = Object.freeze([
  {
    code: 'PY001',
    severity: 'error',
    title: 'YAML syntax error',
    description:
      'A file is not valid YAML: a syntax error, a key repeated in one map (so an entity declared twice in one file), or more aliases than the loader allows. The diagnostic points at the place the parser stopped.',
  },
  {
    code: 'PY002',
    severity: 'error',
    title: 'File does not match the model schema',
    description:
      'A file is valid YAML but not a valid app or module file: an unknown property (often a typo; the message lists the allowed ones), a missing required property, a value of the wrong type or outside its allowed values.',
  },
  {
    code: 'PY003',
    severity: 'error',
    title: 'No app file',
    description: 'The folder given as the app has no portico.yaml. An app folder starts with its app file, which names the app and lists its modules.',
  },
  {
    code: 'PY004',
    severity: 'error',
    title: 'Module folder missing',
    description: 'portico.yaml lists a module that has no folder of that name beside it. Create the folder (with the module’s YAML files) or remove the module from the list.',
  },
] as const)
