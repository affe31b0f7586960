import type { CheckRule } from '../model/index.js'
import { checkedMappings, fieldAt } from './mapping-levels.js'

/** A CSV layout reads columns by name (with a header) or by position, not a mix the options cannot honour. */
export const csvColumnsRule: CheckRule = {
  code: 'PM310',
  severity: 'error',
  title: 'CSV columns do not fit the layout options',
  description:
    'A CSV mapping mixes column names and positions, names a column without a header row (`header: false` reads positions only), or uses positions with `match: subset` or `superset`, which match columns by name. Use names with a header, or positions throughout.',
  check(ctx) {
    for (const m of checkedMappings(ctx)) {
      const d = m.declaration
      if (d.kind !== 'csv') continue
      const named = m.fields.filter((f) => typeof f.field.location === 'string')
      const positional = m.fields.filter((f) => typeof f.field.location === 'number')
      const report = (f: (typeof m.fields)[number], message: string) => ctx.report(fieldAt(ctx, m, f, 'column'), message)
      if (!d.csv.header) for (const f of named) report(f, `column '${f.field.location}' is a name, but the mapping has header: false; give its 1-based position`)
      else if (named.length > 0) for (const f of positional) report(f, `column ${f.field.location} is a position, but other columns are names; use names throughout`)
      else if (d.csv.match !== 'exact') for (const f of positional) report(f, `match: ${d.csv.match} matches columns by name; give the column's header name`)
    }
  },
}
