/**
 * `unitPrice` → `unit_price`, `SKU` → `sku`, `orderID2` → `order_id2`.
 *
 * The one snake_case of the runtime: the store derives table and column names with it and
 * the checker uses it to find model names that would collide in the database, so both
 * must agree on every name. It lives in the model because the model is the lower layer.
 */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
}
