import type { CheckRule } from '../checker.js'
import { where } from './declared-elements.js'

/** MAJOR.MINOR.PATCH, an optional pre-release and build metadata (semver.org). */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/

/** The version goes into every contract (OpenAPI info.version, …) and decides compatibility checks. */
export const semverRule: CheckRule = {
  code: 'PD151',
  severity: 'error',
  title: 'App version is not semver',
  description:
    'The app version appears in every generated contract and tells consumers whether a change may break them, so it must be a semantic version: MAJOR.MINOR.PATCH with an optional pre-release and build metadata (1.4.0, 2.0.0-rc.1, 2.0.0+build.7). Write all three numbers.',
  check(ctx) {
    const version = ctx.model.version
    if (SEMVER.test(version)) return
    ctx.report(
      ctx.model.fieldPos.version ?? ctx.model.pos,
      `app version '${version}' of ${ctx.model.name} is not a semantic version; write MAJOR.MINOR.PATCH with an optional pre-release, e.g. 1.0.0 or 2.1.0-rc.1`,
    )
  },
}

/** A module listed twice is loaded twice. */
export const duplicateModuleRule: CheckRule = {
  code: 'PD152',
  severity: 'error',
  title: 'Module listed twice',
  description:
    'portico.yaml lists a module twice under modules. The loader would load its folder twice; the checker checks it once. Remove the repetition.',
  check(ctx) {
    const first = new Map<string, (typeof ctx.model.modules)[number]>()
    for (const m of ctx.model.modules) {
      const earlier = first.get(m.name)
      if (earlier) ctx.report(m.pos, `module '${m.name}' is listed twice under modules in portico.yaml, first at ${where(earlier.pos)}; remove the repetition`)
      else first.set(m.name, m)
    }
  },
}

/** Rules on the app file (PD151–PD152). */
export const appRules: readonly CheckRule[] = [semverRule, duplicateModuleRule]
