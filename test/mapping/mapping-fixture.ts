import { fileURLToPath } from 'node:url'
import { compileMappings, type ImportRecord, type MappingRegistry } from '../../src/mapping/index.js'
import { formatDiagnostic, indexModel } from '../../src/model/index.js'
import { defaultPlatform } from '../../src/cli/adapters.js'

/** The app of test/fixtures/mapping/shop: every kind of mapping over a small shop model. */
export const SHOP_DIR = fileURLToPath(new URL('../fixtures/mapping/shop', import.meta.url))

/** Loads and checks an app folder as `portico check` does (every registered adapter), then compiles its mappings. */
export function compileApp(dir: string = SHOP_DIR): MappingRegistry {
  const platform = defaultPlatform()
  const { model, diagnostics } = platform.loader.load(dir)
  const all = model ? [...diagnostics, ...platform.registry.check(model)] : diagnostics
  const errors = all.filter((d) => d.severity === 'error')
  if (!model || errors.length > 0) throw new Error(`fixture app has errors:\n${errors.map(formatDiagnostic).join('\n')}`)
  return compileMappings(model, indexModel(model))
}

/** Every record of an import. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

/** The objects of ok records; fails when a record failed. */
export function objectsOf(records: readonly ImportRecord[]) {
  return records.map((r) => {
    if (!r.ok) throw new Error(`record ${r.position.record} failed: ${JSON.stringify(r.errors)}`)
    return r.object
  })
}

/** Text chunks of `size` characters, as bytes: exercises every boundary of a streaming reader. */
export async function* chunked(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text)
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}
