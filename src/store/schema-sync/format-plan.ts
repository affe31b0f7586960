import type { SyncPlan } from './sync-plan.js'

/**
 * A plan as people read it (`portico db plan`): one numbered line per statement saying what
 * it does, its SQL indented under it, destructive steps marked, then the data it would lose
 * and what blocks it. Says "nothing to do" when the database is in step with the model.
 */
export function formatPlan(plan: SyncPlan): string {
  const app = `${plan.app.name} ${plan.app.version}`
  if (plan.statements.length === 0 && plan.blocked.length === 0) {
    return `Schema of ${app} (${plan.dialect}) is in step with the model: nothing to do.\n`
  }
  const lines = [`Schema sync plan for ${app} (${plan.dialect}${plan.fresh ? ', new database' : ''}): ${count(plan.statements.length, 'statement')}`]
  const width = String(plan.statements.length).length
  plan.statements.forEach((step, i) => {
    lines.push(`${String(i + 1).padStart(width)}. ${step.destructive ? '[destructive] ' : ''}${step.description}`)
    for (const sqlLine of step.sql.split('\n')) lines.push(`${' '.repeat(width + 5)}${sqlLine}`)
  })
  if (plan.dataLoss.length > 0) {
    lines.push('', `Data loss (refused unless confirmed with --accept-data-loss): ${count(plan.dataLoss.reduce((n, d) => n + d.rows, 0), 'row')}`)
    for (const d of plan.dataLoss) lines.push(`  - ${d.message}`)
  }
  if (plan.blocked.length > 0) {
    lines.push('', 'Blocked (cannot be applied; change the model or the data):')
    for (const b of plan.blocked) lines.push(`  - ${b.message}`)
  }
  return `${lines.join('\n')}\n`
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
