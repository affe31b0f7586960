import type { AppModel, EntityModel, SourcePosition } from '../types.js'
import { joinPointer } from '../yaml-source.js'

/**
 * The position of a node inside an entity's declaration, such as one member of an index
 * (`['indexes', 0, 'members', 1]`) or one role of an access rule. The model keeps
 * positions of elements and their fields, not of list items; the source index has them.
 * Falls back to `fallback` when the node is not recorded.
 */
export function entityNodePosition(
  model: AppModel,
  entity: EntityModel,
  path: readonly (string | number)[],
  fallback: SourcePosition,
): SourcePosition {
  const pointer = joinPointer('/entities', entity.name, ...path)
  return model.sources.get(entity.pos.file)?.get(pointer)?.value ?? fallback
}
