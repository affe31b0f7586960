import type { CheckRule } from '../checker.js'
import type { ModelIndex } from '../model-index.js'
import type { AccessRuleModel, AppModel, EntityModel, SourcePosition } from '../types.js'
import { didYouMean } from './closest-name.js'
import { declaredEntities } from './declared-elements.js'
import { entityNodePosition } from './source-position.js'

/** One name listed in an access rule (a role, a readable or writable member). */
interface ListedName {
  readonly entity: EntityModel
  readonly rule: AccessRuleModel
  readonly list: 'roles' | 'readable' | 'writable'
  readonly name: string
  /** Where the name is written: its list item; looked up only when reported. */
  pos(): SourcePosition
}

/** Visits every name of one list of every access rule. */
function forEachListedName(model: AppModel, list: ListedName['list'], visit: (listed: ListedName) => void): void {
  for (const entity of declaredEntities(model)) {
    entity.access.forEach((rule, i) =>
      (rule[list] ?? []).forEach((name, j) =>
        visit({ entity, rule, list, name, pos: () => entityNodePosition(model, entity, ['access', i, list, j], rule.fieldPos[list] ?? rule.pos) }),
      ),
    )
  }
}

/** Roles are declared once in the app file; a typo in a rule would silently grant nothing. */
export const undeclaredRoleRule: CheckRule = {
  code: 'PD146',
  severity: 'error',
  title: 'Access rule names an undeclared role',
  description:
    'An access rule grants a role that portico.yaml does not declare under roles. A misspelt role silently grants nothing, so every role must be declared. Declare the role or correct the name.',
  check(ctx) {
    const roles = ctx.model.roles.map((r) => r.name)
    const declared = new Set(roles)
    forEachListedName(ctx.model, 'roles', (n) => {
      if (declared.has(n.name)) return
      ctx.report(
        n.pos(),
        `role '${n.name}' in an access rule of ${n.entity.qualifiedName} is not declared under roles in portico.yaml${didYouMean(n.name, roles) || '; declare it there'}`,
      )
    })
  },
}

/** The names an access rule may list for an entity: its attributes and navigations. */
function memberNames(entity: EntityModel, index: ModelIndex): string[] {
  return [...entity.attributes.map((a) => a.name), ...index.navigations(entity).map((n) => n.name)]
}

/** readable and writable restrict members; a name that is no member restricts nothing. */
export const unknownAccessMemberRule: CheckRule = {
  code: 'PD147',
  severity: 'error',
  title: 'Access rule lists an unknown member',
  description:
    'readable and writable list attributes and associations (including inverse navigations) of the entity. A name that is not a member is a typo that would leave the intended member hidden or read-only. Correct the name.',
  check(ctx) {
    const visit = (n: ListedName): void => {
      if (ctx.index.attribute(n.entity, n.name) || ctx.index.navigation(n.entity, n.name)) return
      const members = memberNames(n.entity, ctx.index)
      ctx.report(
        n.pos(),
        `${n.list} member '${n.name}' in an access rule of ${n.entity.qualifiedName} is not an attribute or association of it${didYouMean(n.name, members) || `; members: ${members.join(', ')}`}`,
      )
    }
    forEachListedName(ctx.model, 'readable', visit)
    forEachListedName(ctx.model, 'writable', visit)
  },
}

/** Why a member cannot be written by anyone, or undefined when it can. */
function notWritable(n: ListedName, index: ModelIndex): string | undefined {
  const attribute = index.attribute(n.entity, n.name)
  if (attribute?.system) return 'a system member the runtime maintains'
  if (attribute?.type.kind === 'AutoNumber') return 'an AutoNumber the runtime generates'
  const navigation = attribute ? undefined : index.navigation(n.entity, n.name)
  if (navigation?.direction === 'inverse') {
    return `an inverse navigation; links are written from the owning side, association '${navigation.association.name}' of ${navigation.owner.qualifiedName}`
  }
  return undefined
}

/** Granting a write the runtime never performs misleads whoever reads the rule. */
export const unwritableMemberRule: CheckRule = {
  code: 'PD148',
  severity: 'error',
  title: 'Access rule makes a read-only member writable',
  description:
    'writable lists a member nobody can write: a system member (id, createdAt, changedAt, version), an AutoNumber, or an inverse navigation (links are written on the entity that declares the association). Remove it from writable (list it under readable if it must be visible).',
  check(ctx) {
    forEachListedName(ctx.model, 'writable', (n) => {
      const why = notWritable(n, ctx.index)
      if (why === undefined) return
      ctx.report(n.pos(), `writable member '${n.name}' in an access rule of ${n.entity.qualifiedName} is ${why}; remove it from writable`)
    })
  },
}

/** Access rules guard published services over stored objects; a transient entity has none to guard. */
export const transientAccessRule: CheckRule = {
  code: 'PD149',
  severity: 'warning',
  title: 'Access rules on a non-persistent entity',
  description:
    'Access rules decide which roles may create, read, update and delete stored objects through published services. A non-persistent entity has no stored objects, so its access rules have no effect. Remove them, or make the entity persistent.',
  check(ctx) {
    for (const entity of declaredEntities(ctx.model)) {
      const first = entity.access[0]
      if (entity.persistent || !first) continue
      ctx.report(first.pos, `${entity.qualifiedName} is not persistent, so its access rules have no effect; remove them or make the entity persistent`)
    }
  },
}

/** Deny by default is safe but easy to miss; say so once per entity. */
export const noAccessRule: CheckRule = {
  code: 'PD150',
  severity: 'warning',
  title: 'Persistent entity without access rules',
  description:
    'Access is denied by default: a persistent entity without access rules cannot be reached by any role through a published service. That is right for internal entities, but usually an oversight. Add an access rule, e.g. access: [{ roles: [Admin], allow: [create, read, update, delete] }].',
  check(ctx) {
    for (const entity of declaredEntities(ctx.model)) {
      if (!entity.persistent || entity.access.length > 0) continue
      ctx.report(
        entity.pos,
        `deny by default: no role can reach ${entity.qualifiedName} through a published service; add an access rule (access: [{ roles: [...], allow: [read] }]) if it should be reachable`,
      )
    }
  },
}

/** Rules on access rules: roles, listed members, and where rules are missing or useless (PD146–PD150). */
export const accessRules: readonly CheckRule[] = [undeclaredRoleRule, unknownAccessMemberRule, unwritableMemberRule, transientAccessRule, noAccessRule]
