#!/usr/bin/env node
import '../dist/cli/process-entry.js'
