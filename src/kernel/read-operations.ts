import type { EntityModel } from '../model/index.js'
import type { CrossJoinMember, CrossJoinQuery, Expr, ExpandItem, Literal, Query, SubQuery } from '../query/index.js'
import type { QueryResult, Row } from '../store/index.js'
import { granted } from './access-policy.js'
import type { EntityPlan } from './entity-plan.js'
import { kernelErrors } from './errors.js'
import type { EntityOperations, OperationScope, ReadOptions } from './kernel.js'

type Reads = Pick<EntityOperations, 'read' | 'find' | 'findByUnique' | 'findByKey' | 'query' | 'crossJoin' | 'readable'>

/** Reads with access rules applied: forbidden entities refuse, unreadable members never leave. */
export function readOperations(scope: OperationScope): Reads {
  const persistentPlan = (entity: string): EntityPlan => {
    const plan = scope.plan(entity)
    if (!plan.entity.persistent) {
      throw kernelErrors.create('KERNEL_NOT_PERSISTENT', `${entity} is not persistent and has no stored objects`, { target: entity })
    }
    if (!plan.access.allows(scope.principal, 'read')) throw forbidden('read', entity)
    return plan
  }

  const find = async (entity: string, id: number): Promise<Row | undefined> => {
    const plan = persistentPlan(entity)
    const row = await scope.session.findById(entity, id)
    return row === undefined ? undefined : redact(row, plan, scope)
  }

  const query = async (q: Query): Promise<QueryResult> => {
    persistentPlan(q.entity)
    return scope.session.query(scope.principal.kind === 'system' ? q : restrictQuery(q, scope))
  }

  const crossJoin = async (q: CrossJoinQuery): Promise<QueryResult> => {
    for (const m of q.members ?? []) persistentPlan(m.entity)
    return scope.session.query(scope.principal.kind === 'system' ? q : restrictCrossJoin(q, scope))
  }

  return {
    find,
    crossJoin,
    async findByUnique(entity, member, value) {
      const plan = persistentPlan(entity)
      const attribute = plan.attributes.get(member)
      if (!attribute?.attribute.unique) {
        throw kernelErrors.create('KERNEL_KEY_NOT_UNIQUE', `${member} is not a unique attribute of ${entity}`, { target: member })
      }
      if (!granted(plan.access.readable(scope.principal), member)) throw forbidden('read', entity, member)
      const row = await scope.session.findByUnique(entity, member, value)
      return row === undefined ? undefined : redact(row, plan, scope)
    },
    readable(entity) {
      const plan = scope.plan(entity)
      if (!plan.access.allows(scope.principal, 'read')) return new Set()
      return plan.access.readable(scope.principal)
    },
    async read(entity, id, options?: ReadOptions) {
      if (!options?.select && !options?.expand) {
        const row = await find(entity, id)
        if (!row) throw notFound(entity, id)
        return row
      }
      const result = await query({
        entity,
        filter: { kind: 'compare', op: 'eq', left: { kind: 'property', path: ['id'] }, right: { kind: 'literal', value: id } },
        ...(options.select ? { select: options.select } : {}),
        ...(options.expand ? { expand: options.expand } : {}),
      })
      const row = result.rows[0]
      if (!row) throw notFound(entity, id)
      return row
    },
    async findByKey(entity, key) {
      const operands: Expr[] = Object.entries(key).map(([member, value]) => ({
        kind: 'compare',
        op: 'eq',
        left: { kind: 'property', path: [member] },
        right: { kind: 'literal', value: value as Literal },
      }))
      const filter: Expr = operands.length === 1 ? (operands[0] as Expr) : { kind: 'and', operands }
      const { rows } = await query({ entity, filter, top: 2 })
      if (rows.length > 1) {
        throw kernelErrors.create('KERNEL_KEY_NOT_UNIQUE', `more than one ${entity} has ${describeKey(key)}`, { target: entity })
      }
      return rows[0]
    },
    query,
  }
}

export function notFound(entity: string, id: number | string) {
  return kernelErrors.create('KERNEL_NOT_FOUND', `${entity} ${id} does not exist`, { target: entity })
}

export function forbidden(operation: string, entity: string, member?: string) {
  const what = member ? `member '${member}' of ${entity}` : entity
  return kernelErrors.create('KERNEL_FORBIDDEN', `not allowed to ${operation} ${what}`, { target: member ?? entity })
}

export function describeKey(key: Readonly<Record<string, unknown>>): string {
  return Object.entries(key)
    .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
    .join(' and ')
}

/** Removes members the principal may not read (the id always stays). */
export function redact(row: Row, plan: EntityPlan, scope: OperationScope): Row {
  const readable = plan.access.readable(scope.principal)
  if (readable === 'all') return row
  for (const key of Object.keys(row)) if (key !== 'id' && !readable.has(key)) delete row[key]
  return row
}

/**
 * Rewrites a user's query so it can only see what the access rules let it see: select is
 * limited to readable members, and filtering, sorting or expanding on anything unreadable
 * is refused (a filter on a hidden member would reveal its values).
 */
function restrictQuery(q: Query, scope: OperationScope): Query {
  const entity = scope.index.requireEntity(q.entity)
  return { ...q, ...restrictLevel(q, entity, scope) }
}

/**
 * A cross join restricted like a query: each member's level as in `restrictQuery`, and the
 * cross join's own filter, sort keys and computes checked from the members (their names
 * are the variables its paths start with).
 */
function restrictCrossJoin(q: CrossJoinQuery, scope: OperationScope): CrossJoinQuery {
  const members = q.members.map((m): CrossJoinMember => {
    const entity = scope.index.requireEntity(m.entity)
    const level = restrictLevel({ ...(m.filter ? { filter: m.filter } : {}), ...(m.select ? { select: m.select } : {}), ...(m.expand ? { expand: m.expand } : {}) }, entity, scope)
    return { name: m.name, entity: m.entity, ...(level.filter ? { filter: level.filter } : {}), ...(level.select ? { select: level.select } : {}), ...(level.expand ? { expand: level.expand } : {}) }
  })
  const variables = new Map(q.members.map((m) => [m.name, scope.index.requireEntity(m.entity)]))
  const computed = new Set((q.compute ?? []).map((c) => c.as))
  const check = (expr: Expr | undefined): void => {
    if (expr) checkExprAccess(expr, undefined, variables, scope, computed)
  }
  check(q.filter)
  for (const s of q.orderBy ?? []) check(s.expr)
  for (const c of q.compute ?? []) check(c.expr)
  return { ...q, members }
}

function restrictLevel(q: SubQuery, entity: EntityModel, scope: OperationScope): SubQuery {
  const plan = scope.plan(entity.qualifiedName)
  const readable = plan.access.readable(scope.principal)
  const computed = new Set((q.compute ?? []).map((c) => c.as))
  const checkExpr = (expr: Expr | undefined): void => {
    if (expr) checkExprAccess(expr, entity, new Map(), scope, computed)
  }
  checkExpr(q.filter)
  for (const s of q.orderBy ?? []) checkExpr(s.expr)
  for (const c of q.compute ?? []) checkExpr(c.expr)
  let select = q.select
  if (readable !== 'all') {
    for (const m of select ?? []) if (!computed.has(m) && m !== 'id' && !readable.has(m)) throw forbidden('read', entity.qualifiedName, m)
    select ??= plan.memberNames.filter((m) => readable.has(m) && !plan.referenceSets.has(m))
  }
  const expand = q.expand?.map((item): ExpandItem => {
    if (!granted(readable, item.navigation) && !isInverse(entity, item.navigation, scope)) {
      throw forbidden('read', entity.qualifiedName, item.navigation)
    }
    const nav = scope.index.navigation(entity, item.navigation)
    if (!nav) return item // the query engine reports unknown navigations
    if (!scope.plan(nav.target.qualifiedName).access.allows(scope.principal, 'read')) throw forbidden('read', nav.target.qualifiedName)
    return { navigation: item.navigation, query: restrictLevel(item.query, nav.target, scope) }
  })
  return { ...q, ...(select ? { select } : {}), ...(expand ? { expand } : {}) }
}

function isInverse(entity: EntityModel, name: string, scope: OperationScope): boolean {
  return scope.index.navigation(entity, name)?.direction === 'inverse'
}

/**
 * Every member along every path must be readable, on every entity the path crosses,
 * including paths inside any/all/count predicates (through their lambda variables).
 */
function checkExprAccess(
  expr: Expr,
  root: EntityModel | undefined,
  variables: ReadonlyMap<string, EntityModel>,
  scope: OperationScope,
  computed: ReadonlySet<string>,
): void {
  const startOf = (variable: string | undefined): EntityModel | undefined =>
    variable === undefined ? root : variables.get(variable)
  const recurse = (e: Expr, vars = variables): void => checkExprAccess(e, root, vars, scope, computed)
  switch (expr.kind) {
    case 'property': {
      const isComputed = expr.variable === undefined && expr.path.length === 1 && computed.has(expr.path[0] as string)
      if (!isComputed) checkPath(expr.path, startOf(expr.variable), scope)
      return
    }
    case 'any':
    case 'all':
    case 'count': {
      const target = checkPath(expr.path, startOf(expr.variable), scope)
      const inner = expr.kind === 'count' ? expr.filter : expr.predicate
      if (!inner || !target) return
      const vars = expr.kind === 'count' ? variables : new Map(variables).set(expr.as, target)
      // Inside $count($filter=…), bare paths refer to the collection's element.
      if (expr.kind === 'count') checkExprAccess(inner, target, vars, scope, computed)
      else recurse(inner, vars)
      return
    }
    default:
      forEachChild(expr, (child) => recurse(child))
  }
}

/** Checks a path and returns the entity it ends on (for collection paths), if any. */
function checkPath(path: readonly string[], start: EntityModel | undefined, scope: OperationScope): EntityModel | undefined {
  if (!start) return undefined // an unknown variable: the query engine reports it
  let entity: EntityModel = start
  for (const segment of path) {
    const plan = scope.plan(entity.qualifiedName)
    if (!plan.access.allows(scope.principal, 'read')) throw forbidden('read', entity.qualifiedName)
    const readable = plan.access.readable(scope.principal)
    const nav = scope.index.navigation(entity, segment)
    if (segment !== 'id' && !granted(readable, segment) && nav?.direction !== 'inverse') throw forbidden('read', entity.qualifiedName, segment)
    if (!nav) return undefined
    entity = nav.target
  }
  if (!scope.plan(entity.qualifiedName).access.allows(scope.principal, 'read')) throw forbidden('read', entity.qualifiedName)
  return entity
}

/** Calls `fn` with each direct sub-expression. */
export function forEachChild(expr: Expr, fn: (child: Expr) => void): void {
  switch (expr.kind) {
    case 'compare':
    case 'arith':
      fn(expr.left)
      fn(expr.right)
      return
    case 'and':
    case 'or':
      expr.operands.forEach(fn)
      return
    case 'not':
    case 'negate':
      fn(expr.operand)
      return
    case 'in':
      fn(expr.operand)
      expr.values.forEach(fn)
      return
    case 'call':
      expr.args.forEach(fn)
      return
    case 'any':
    case 'all':
      if (expr.predicate) fn(expr.predicate)
      return
    case 'count':
      if (expr.filter) fn(expr.filter)
      return
    default:
      return
  }
}
