import { join } from 'node:path'

/**
 * Where bench code runs from. `npm run bench` compiles it (with src) into .bench-build and
 * runs plain JavaScript, as production does; running a suite through tsx also works, but
 * tsx's transform (keepNames) adds a cost to every closure and would skew the ratios.
 */
export const ROOT = process.cwd()
export const COMPILED = import.meta.url.endsWith('.js')

/** The node arguments that run a bench script given by its source path (`bench/servers/x.ts`). */
export function scriptArgs(source: string): string[] {
  return COMPILED ? [join(ROOT, '.bench-build', source.replace(/\.ts$/, '.js'))] : ['--import', 'tsx', join(ROOT, source)]
}

/** A bench app folder (`bench/apps/<name>`). */
export function benchApp(name: string): string {
  return join(ROOT, 'bench', 'apps', name)
}
