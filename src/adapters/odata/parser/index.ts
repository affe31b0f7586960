/**
 * The OData 4.01 URL parser: resource paths and system query options into Portico's query
 * AST, as frozen data, with positioned errors. See docs/odata-syntax.md.
 */
export { formatFilter, formatLiteral } from './format-filter.js'
export { odataSyntaxErrors, type OdataSyntaxErrorCode } from './odata-syntax-errors.js'
export { parseApply, type ApplyStep, type RankTransformation } from './parse-apply.js'
export { parseCompute, parseFilter, parseOrderBy, type CountSearch, type OdataLiteralExpr } from './parse-expression.js'
export { parseAliasValue, parseQueryOptions, type QueryOptions } from './parse-query-options.js'
export { parseResourcePath, type PathArguments, type PathSegment, type ResourcePath } from './parse-resource-path.js'
export { parseSearch, type SearchExpr } from './parse-search.js'
export { parseExpand, parseSelect, type ExpandOption, type ExpandQuery, type SelectItem } from './parse-select-expand.js'
export {
  DEFAULT_PARSER_LIMITS,
  type AliasValue,
  type AliasValues,
  type ParseOptions,
  type ParserLimits,
} from './parser-options.js'
