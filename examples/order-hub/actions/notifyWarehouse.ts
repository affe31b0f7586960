import { defineAction } from '../../../src/flows/index.js'

/**
 * A custom action: tells the warehouse that the catalogue changed, through the outbox of the
 * flow's transaction (so the message goes out only if the import commits).
 */
export default defineAction({
  name: 'notifyWarehouse',
  description: 'Announces a catalogue import to the warehouse.',
  input: { created: 'Integer', updated: 'Integer', skipped: 'Integer?' },
  async run(ctx, input) {
    const changed = input.created + input.updated
    await ctx.ops.publish({ channel: 'warehouse.catalogue-changed', payload: { created: input.created, updated: input.updated, at: ctx.now.toISOString() } })
    ctx.log.info({ changed, skipped: input.skipped ?? 0 }, 'warehouse notified of the catalogue import')
    return { notified: changed }
  },
})
