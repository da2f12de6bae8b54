#!/usr/bin/env node
// The CLI is built by `npm run build` into out/main/cli.js together with the app's main process.
import '../out/main/cli.js'
