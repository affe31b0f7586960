// Copies generated JavaScript (the OData grammar) next to the compiled output: tsc emits only .ts sources.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))
}
for (const file of walk('src').filter((f) => f.endsWith('.generated.js'))) {
  const target = join('dist', relative('src', file))
  mkdirSync(dirname(target), { recursive: true })
  copyFileSync(file, target)
}
