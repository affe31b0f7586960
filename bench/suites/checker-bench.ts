import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseDocument } from 'yaml'
import { defaultPlatform } from '../../src/cli/adapters.js'
import { loadAndCheck } from '../../src/cli/app-loading.js'
import { round, timeIt, type BenchResult } from '../harness.js'

const MODULES = 10
const ENTITIES_PER_MODULE = 100
const ATTRIBUTES = 20

/**
 * Loads and checks a generated model of 1,000 entities × 20 attributes (target: under 2 s).
 * The baseline is parsing the same YAML files with the yaml library alone, so the ratio
 * shows what positions, schema validation and the rules cost on top of reading the text.
 */
export async function checkerBench(): Promise<BenchResult[]> {
  const dir = generateModel()
  try {
    const platform = defaultPlatform()
    let diagnostics = 0
    const check = await timeIt(() => {
      diagnostics = loadAndCheck(platform, dir).diagnostics.filter((d) => d.severity === 'error').length
    }, 3)
    if (diagnostics > 0) throw new Error(`generated model has ${diagnostics} errors`)
    const parse = await timeIt(() => {
      for (const module of readdirSync(dir).filter((f) => f.startsWith('M'))) {
        for (const file of readdirSync(join(dir, module))) parseDocument(readFileSync(join(dir, module, file), 'utf8')).toJS()
      }
    }, 3)
    return [
      {
        id: 'checker.load-and-check-1000x20',
        unit: 's',
        value: round(check, 3),
        baseline: round(parse, 3),
        ratio: round(parse / check, 3),
        target: '< 2 s absolute',
        note: `load + check of ${MODULES * ENTITIES_PER_MODULE} entities × ${ATTRIBUTES} attributes took ${round(check, 3)} s (target < 2 s); baseline = YAML parse only`,
      },
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Ten modules of a hundred entities; each refers to the previous one and uses an enum. */
function generateModel(): string {
  const dir = mkdtempSync(join(tmpdir(), 'portico-bench-model-'))
  const modules = Array.from({ length: MODULES }, (_, m) => `M${m}`)
  writeFileSync(join(dir, 'portico.yaml'), `app: bench\nversion: 1.0.0\nmodules: [${modules.join(', ')}]\nroles:\n  User: {}\n`)
  const types = ['String(100)', 'Integer', 'Long', "'Decimal(12,2)'", 'Boolean', 'Date', 'DateTime', 'Text', 'Enum(Status)', 'UUID']
  for (const module of modules) {
    mkdirSync(join(dir, module))
    const lines = ['enums:', '  Status: [Draft, Active, Retired]', 'entities:']
    for (let e = 0; e < ENTITIES_PER_MODULE; e++) {
      lines.push(`  E${e}:`, '    attributes:')
      for (let a = 0; a < ATTRIBUTES; a++) {
        const type = types[a % types.length] as string
        lines.push(`      a${a}: { type: ${type}${a === 0 ? ', required: true, unique: true' : ''}${type === 'Integer' ? ', min: 0, max: 1000' : ''} }`)
      }
      if (e > 0) lines.push('    associations:', `      previous: { target: E${e - 1}, onDelete: setNull, inverse: next }`)
      lines.push('    indexes:', '      - { members: [a1, a2] }', '    access:', '      - { roles: [User], allow: [read] }')
    }
    writeFileSync(join(dir, module, 'domain.yaml'), lines.join('\n') + '\n')
  }
  return dir
}
