// Creates or drops the per-run CI database: node .ci/pg-database.mjs create|drop <base-url> <name>
import pg from 'pg'

const [action, baseUrl, name] = process.argv.slice(2)
if (!['create', 'drop'].includes(action) || !baseUrl || !/^[a-z_][a-z0-9_]*$/.test(name ?? '')) {
  console.error('usage: node .ci/pg-database.mjs create|drop <postgres-url> <database-name>')
  process.exit(2)
}
const client = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 5000 })
try {
  await client.connect()
} catch (error) {
  console.error(`PostgreSQL is required for CI and is not reachable at ${baseUrl}: ${error.message}`)
  process.exit(1)
}
try {
  await client.query(action === 'create' ? `CREATE DATABASE "${name}"` : `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  console.log(`${action === 'create' ? 'created' : 'dropped'} database ${name}`)
} finally {
  await client.end()
}
