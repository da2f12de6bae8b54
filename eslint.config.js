import { builtinModules } from 'node:module'
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const nodeModules = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)]
const nativeOrElectron = ['electron', 'better-sqlite3', 'exceljs', 'kysely', 'playwright-core']

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tools/**', 'test-artifacts/**', '.test-results/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  // Process boundaries (design.md rules 2 and 9): shared/ and renderer/ are pure, the renderer never
  // touches Node, and only the Electron adapters import `electron`.
  {
    files: ['shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeModules, ...nativeOrElectron].map((name) => ({
            name,
            message: 'shared/ and renderer/ must not use Node, Electron or native modules.',
          })),
        },
      ],
    },
  },
  // Electron does not support window.prompt (it throws), and the browser's confirm/alert boxes are
  // not the program's: renderer/src/components/ConfirmDialog.tsx asks instead (issue 17).
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['prompt', 'confirm', 'alert'].map((name) => ({ name, message: 'Use ConfirmDialog (renderer/src/components/) instead.' })),
      ],
      'no-restricted-properties': [
        'error',
        ...['window', 'globalThis', 'self'].flatMap((object) =>
          ['prompt', 'confirm', 'alert'].map((property) => ({
            object,
            property,
            message: 'Use ConfirmDialog (renderer/src/components/) instead.',
          })),
        ),
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/index.ts', 'electron/main/electron-pdf.ts', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only electron/main/index.ts and the preload may import electron; services run in the CLI and tests.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
)
