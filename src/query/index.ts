export * from './ast.js'
