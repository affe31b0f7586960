import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { defaultPlatform } from '../src/cli/adapters.js'
import type { DiagnosticDescription } from '../src/model/index.js'
import { LOADER_DIAGNOSTICS } from '../src/model/index.js'
import { checkFixture } from './support/model-fixture.js'

/**
 * docs/diagnostics.md is the catalogue users read when `portico check` prints a code. This
 * test keeps it and the code in step: every code is documented once, every documented code
 * exists with the same title and severity, and every example reports what its section shows.
 */
const DOC = readFileSync(new URL('../docs/diagnostics.md', import.meta.url), 'utf8')
/** Every rule `portico check` runs: the domain rules and those of every registered adapter and layer. */
const PLATFORM = defaultPlatform()
const CATALOGUE: readonly DiagnosticDescription[] = [...LOADER_DIAGNOSTICS, ...PLATFORM.registry.rules]
const HEADING = /^## (\S+) — (.+)$/

interface Section {
  readonly code: string
  readonly title: string
  readonly body: string
}

function sections(doc: string): Section[] {
  return doc
    .split(/^(?=## )/m)
    .filter((part) => part.startsWith('## '))
    .map((part) => {
      const [heading = '', ...rest] = part.split('\n')
      const m = HEADING.exec(heading)
      if (!m) throw new Error(`heading '${heading}' is not '## CODE — title'`)
      return { code: m[1] ?? '', title: m[2] ?? '', body: rest.join('\n') }
    })
}

/** The code blocks of a section with the given info string. */
function blocks(body: string, info: string): string[] {
  return [...body.matchAll(new RegExp('^```' + info + '\\n([\\s\\S]*?)^```', 'gm'))].map((m) => m[1] ?? '')
}

/** The example's files: each YAML block starts with `# path`; the app file defaults as the page says. */
function exampleFiles(body: string): Record<string, string> | undefined {
  const files: Record<string, string> = {}
  for (const block of blocks(body, 'yaml')) {
    const [first = '', ...rest] = block.split('\n')
    const path = /^# (\S+)$/.exec(first)?.[1]
    if (!path) throw new Error(`a YAML example must start with '# <path>', not '${first}'`)
    files[path] = rest.join('\n')
  }
  if (Object.keys(files).length === 0) return undefined
  const modules = [...new Set(Object.keys(files).filter((p) => p.includes('/')).map((p) => p.split('/')[0]))]
  return { 'portico.yaml': `app: shop\nversion: 1.0.0\nmodules: [${modules.join(', ')}]\nroles: { Admin: {}, Clerk: {} }\n`, ...files }
}

/** `file:line:column  CODE  severity  message` lines shown as what the example reports. */
function shownReports(body: string): { file: string; line: number; column: number; code: string; severity: string }[] {
  return blocks(body, 'text').flatMap((block) =>
    block.split('\n').flatMap((line) => {
      const m = /^(\S+):(\d+):(\d+) {2}(\S+) {2}(\S+) {2}/.exec(line)
      return m ? [{ file: m[1] ?? '', line: Number(m[2]), column: Number(m[3]), code: m[4] ?? '', severity: m[5] ?? '' }] : []
    }),
  )
}

describe('docs/diagnostics.md', () => {
  const documented = sections(DOC)

  it('documents every rule and loader code, each once', () => {
    expect(documented.map((s) => s.code).sort()).toEqual(CATALOGUE.map((c) => c.code).sort())
  })

  it('documents only codes that exist, with their titles and severities', () => {
    const byCode = new Map(CATALOGUE.map((c) => [c.code, c]))
    for (const s of documented) {
      const entry = byCode.get(s.code)
      expect(entry, `${s.code} is documented but no rule or loader reports it`).toBeDefined()
      expect(s.title).toBe(entry?.title)
      expect(s.body).toContain(`**Severity:** ${entry?.severity ?? ''}`)
    }
  })

  for (const s of documented) {
    const files = exampleFiles(s.body)
    if (!files) continue
    it(`${s.code}: the example reports what the section shows`, () => {
      const shown = shownReports(s.body)
      expect(shown.some((r) => r.code === s.code)).toBe(true)
      const { diagnostics } = checkFixture(files, PLATFORM)
      for (const r of shown) expect(diagnostics).toContainEqual(expect.objectContaining(r))
    })
  }
})
