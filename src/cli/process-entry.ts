/** The `portico` process: runs the command line with the real streams, environment and signals. */
import { runProcess } from './main.js'

await runProcess()
