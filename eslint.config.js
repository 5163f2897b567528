// ESLint: typescript-eslint's recommended rules, plus the layer rules of STYLE.md C2 as
// per-folder import bans. `npm run lint` (and `npm test`, with --max-warnings=0) runs it.
//
// Flat config: when several blocks set the same rule for a file, the last one wins whole (options
// are not merged), so each folder's block restates every ban that applies to it.
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith('_'))
const RESTRICT = '@typescript-eslint/no-restricted-imports'

const electronOnlyInApp = {
  name: 'electron',
  message: 'Only src-main/app (and src-preload) import electron; the core runs in plain Node. Ask src-main/app to inject what you need.',
}

export default defineConfig(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'coverage/**', '.ci/pester/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // no-undef is TypeScript's job in .ts files (typescript-eslint turns it off there); plain
    // scripts (.mjs/.js) still need to know which globals exist.
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // CommonJS files exist to be require()d and to require(): that is their module system.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      // `_`-prefixed parameters document an unused position (Electron handler signatures).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },

  // Everywhere but the Electron shell and the preload: no electron. Tests may use its types
  // (they mock the module with vi.mock, which is not an import).
  {
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    ignores: ['src-main/app/**', 'src-preload/**'],
    rules: { [RESTRICT]: ['error', { paths: [electronOnlyInApp] }] },
  },
  {
    files: ['test/**/*.{ts,tsx}'],
    rules: { [RESTRICT]: ['error', { paths: [{ ...electronOnlyInApp, allowTypeImports: true }] }] },
  },

  // The core (every src-main folder but app/ and contract/): plain Node, no UI layers.
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/app/**', 'src-main/contract/**'],
    rules: {
      [RESTRICT]: [
        'error',
        {
          paths: [electronOnlyInApp],
          patterns: [
            {
              group: ['**/src-main/app', '**/src-main/app/**', '**/app/*', '**/src-preload/**', '**/src-renderer/**'],
              message: 'The core must not depend on the Electron shell, the preload or the renderer.',
            },
          ],
        },
      ],
    },
  },

  // The Electron shell: anything of main, but never the renderer's or the preload's code.
  {
    files: ['src-main/app/**/*.ts'],
    rules: {
      [RESTRICT]: ['error', { patterns: [{ group: ['**/src-renderer/**', '**/src-preload/**'], message: 'src-main/app talks to the renderer over IPC only.' }] }],
    },
  },

  // The contract is shared by every process: zod and itself only.
  {
    files: ['src-main/contract/**/*.ts'],
    rules: {
      [RESTRICT]: [
        'error',
        {
          paths: [electronOnlyInApp],
          patterns: [
            { regex: '^(?!zod$|zod/|\\.\\.?/)', message: 'src-main/contract is shared by every process: zod and its own files only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/contract/*.ts'],
    rules: {
      [RESTRICT]: [
        'error',
        {
          paths: [electronOnlyInApp],
          patterns: [
            { regex: '^(?!zod$|zod/|\\.\\.?/)', message: 'src-main/contract is shared by every process: zod and its own files only.' },
            { regex: '^\\.\\./', message: 'src-main/contract must not import from outside its folder.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/contract/*/**/*.ts'],
    rules: {
      [RESTRICT]: [
        'error',
        {
          paths: [electronOnlyInApp],
          patterns: [
            { regex: '^(?!zod$|zod/|\\.\\.?/)', message: 'src-main/contract is shared by every process: zod and its own files only.' },
            { regex: '^\\.\\./\\.\\./', message: 'src-main/contract must not import from outside its folder.' },
          ],
        },
      ],
    },
  },

  // The sandboxed preload: electron, contract/methods, and types from contract/api.
  {
    files: ['src-preload/**/*.ts'],
    rules: {
      [RESTRICT]: [
        'error',
        {
          patterns: [
            {
              regex: '^(?!electron$|\\./|.*src-main/contract/methods$|.*src-main/contract/api$)',
              message: 'The sandboxed preload bundles electron and src-main/contract/methods only (plus `import type` from contract/api).',
            },
            { regex: 'src-main/contract/api$', allowTypeImports: true, message: 'contract/api is types only: use `import type`.' },
          ],
        },
      ],
    },
  },

  // The renderer: a web page. No Node, no Electron, nothing of main but the contract's names
  // (at run time) and its types.
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      [RESTRICT]: [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer reaches main through window.patchlane (see src-renderer/src/api).' },
            ...NODE_BUILTINS.map((name) => ({ name, message: 'The renderer is a web page: no Node built-ins.' })),
          ],
          patterns: [
            { regex: '^node:', message: 'The renderer is a web page: no Node built-ins.' },
            { regex: 'src-main/(?!contract/)', message: 'The renderer may use only src-main/contract (methods at run time, the rest as types).' },
            {
              regex: 'src-main/contract/(?!methods$)',
              allowTypeImports: true,
              message: 'Only contract/methods is bundled into the renderer; import the rest with `import type`.',
            },
            { regex: 'src-preload', message: 'The renderer sees the preload only as window.patchlane.' },
          ],
        },
      ],
    },
  },
)
