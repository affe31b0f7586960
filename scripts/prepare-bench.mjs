// After `tsc -p tsconfig.bench.json`: puts beside the compiled bench what it reads at run time
// (the generated OData grammar, the example and bench apps, test fixtures), so paths resolved
// from import.meta.url work in .bench-build as they do in the sources.
import { copyFileSync, existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const out = '.bench-build'
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))
}
for (const file of walk('src').filter((f) => f.endsWith('.generated.js'))) {
  const target = join(out, file)
  mkdirSync(dirname(target), { recursive: true })
  copyFileSync(file, target)
}
for (const folder of ['examples', 'bench/apps', 'test/fixtures']) {
  const link = join(out, folder)
  if (existsSync(link) || !existsSync(folder)) continue
  mkdirSync(dirname(link), { recursive: true })
  symlinkSync(relative(dirname(link), resolve(folder)), link)
}
