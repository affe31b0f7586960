/**
 * Small apps written to a temporary folder, loaded and checked with the domain rules, so a
 * rule test reads as the YAML a user writes and asserts what `portico check` would print.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  createLoader,
  createRuleRegistry,
  domainRules,
  type AppModel,
  type Diagnostic,
  type ModelLoader,
  type RuleRegistry,
  type Severity,
} from '../../src/model/index.js'

/** The module file a fixture given as one string becomes. */
export const MODULE_FILE = 'M/domain.yaml'

/** The app file used when a fixture does not bring its own: module M, roles Admin and Clerk. */
export const DEFAULT_APP_FILE = 'app: test-app\nversion: 1.0.0\nmodules: [M]\nroles:\n  Admin: {}\n  Clerk: {}\n'

/** File texts by path relative to the app folder, or the text of `M/domain.yaml` alone. */
export type Fixture = string | Readonly<Record<string, string>>

/** What `portico check` would report for a fixture, and the model when it loaded. */
export interface CheckedApp {
  readonly model: AppModel | undefined
  /** The loader's diagnostics followed by the rules'. */
  readonly diagnostics: readonly Diagnostic[]
}

/** How a fixture is loaded and checked: the domain rules alone, or a platform with adapters. */
export interface FixtureChecker {
  readonly loader: ModelLoader
  readonly registry: RuleRegistry
}

const DOMAIN_ONLY: FixtureChecker = { loader: createLoader(), registry: createRuleRegistry(domainRules) }

/**
 * Writes the fixture to a fresh folder, loads and checks it, and removes the folder. Adapter
 * rules need the adapters' sections and rules: pass a platform (`defaultPlatform()`).
 */
export function checkFixture(fixture: Fixture, checker: FixtureChecker = DOMAIN_ONLY): CheckedApp {
  const { loader, registry } = checker
  const files = typeof fixture === 'string' ? { [MODULE_FILE]: fixture } : fixture
  const dir = mkdtempSync(join(tmpdir(), 'portico-rules-'))
  try {
    for (const [path, text] of Object.entries({ 'portico.yaml': DEFAULT_APP_FILE, ...files })) {
      mkdirSync(dirname(join(dir, path)), { recursive: true })
      writeFileSync(join(dir, path), text)
    }
    const { model, diagnostics } = loader.load(dir)
    return { model, diagnostics: [...diagnostics, ...(model ? registry.check(model, { now: new Date('2025-01-01T00:00:00Z') }) : [])] }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * A YAML text written indented inside a test: drops the first line break and the common
 * indentation, so line 1 is the first line of YAML and columns are as in the file.
 * Backslashes stay as written (`'^\\d+$'` is the pattern ^\d+$), as in a YAML file.
 */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.raw.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ''), '')
  const lines = text.replace(/^\n/, '').replace(/\n[ \t]*$/, '\n').split('\n')
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0))
  return lines.map((l) => l.slice(indent)).join('\n')
}

/** Where a finding is expected: `[line, column]` in `M/domain.yaml`, or `[file, line, column]`. */
export type ExpectedAt = readonly [number, number] | readonly [string, number, number]

/** One rule's triggering fixture, where it must report, and a corrected fixture. */
export interface RuleCase {
  readonly code: string
  readonly severity: Severity
  /** What the case shows, for the test name. */
  readonly what: string
  readonly fixture: Fixture
  /** Every finding of `code` the fixture must produce, in order. */
  readonly at: readonly ExpectedAt[]
  /** Text the (first) message must contain. */
  readonly message?: string
  /** The fixture corrected: no finding of `code` and no error at all. */
  readonly valid: Fixture
}

/** Runs each case: the finding with its code, severity, file, line and column; the fix is clean. */
export function describeRuleCases(title: string, cases: readonly RuleCase[], checker: FixtureChecker = DOMAIN_ONLY): void {
  describe(title, () => {
    for (const c of cases) {
      it(`${c.code} reports ${c.what}`, () => {
        const { diagnostics } = checkFixture(c.fixture, checker)
        const found = diagnostics.filter((d) => d.code === c.code).map((d) => ({ ...d, source: sourceAt(c.fixture, d) }))
        const expected = c.at.map((at) => {
          const [file, line, column] = at.length === 2 ? [MODULE_FILE, ...at] : at
          return expect.objectContaining({ code: c.code, severity: c.severity, file, line, column })
        })
        expect(found).toEqual(expected)
        if (c.message !== undefined) expect(found[0]?.message).toContain(c.message)
      })
      it(`${c.code} accepts the corrected model`, () => {
        const { diagnostics } = checkFixture(c.valid, checker)
        expect(diagnostics.filter((d) => d.code === c.code || d.severity === 'error')).toEqual([])
      })
    }
  })
}

/** The text a finding points at, shown beside it when an assertion fails. */
function sourceAt(fixture: Fixture, d: Diagnostic): string {
  const text = typeof fixture === 'string' ? (d.file === MODULE_FILE ? fixture : DEFAULT_APP_FILE) : (fixture[d.file] ?? DEFAULT_APP_FILE)
  return (text.split('\n')[d.line - 1] ?? '').slice(d.column - 1)
}
