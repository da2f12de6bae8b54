import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'
import { CONTENT_SECURITY_POLICY_META } from './electron/main/security'

const alias = { '@shared': resolve(__dirname, 'shared') }

/** The built page carries the same CSP that main sends as a header (the dev server needs inline styles). */
const cspMeta: Plugin = {
  name: 'csp-meta',
  apply: 'build',
  transformIndexHtml: () => [
    { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY_META }, injectTo: 'head-prepend' },
  ],
}

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      // The CLI is a second entry of the main build: it shares the services and the store,
      // and must never pull in `electron` (checked by lint and by running it under plain Node).
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          cli: resolve(__dirname, 'electron/cli/main.ts'),
          // The worker thread that owns the database in the app (electron/main/worker): the host finds it next to index.js.
          'router-worker': resolve(__dirname, 'electron/main/worker/router-worker.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      // A sandboxed preload cannot be an ES module: emit CommonJS.
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    resolve: { alias },
    plugins: [react(), cspMeta],
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
})
