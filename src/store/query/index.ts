export * from './query-engine.js'
export { createQueryEngine } from './sql-query-engine.js'
