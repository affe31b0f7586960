export * from './portico-error.js'
