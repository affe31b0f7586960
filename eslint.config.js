// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/**
 * Imports point one way (docs/architecture.md):
 *   cli, console → runtime → adapters → flows → kernel → mapping, query, store → model → errors
 * Each layer lists the layers it must not import. Adapters never see the store (no SQL in
 * protocol code); the store never sees adapters.
 */
const layers = {
  errors: ['model', 'query', 'store', 'mapping', 'kernel', 'flows', 'adapters', 'runtime', 'cli', 'console'],
  model: ['query', 'store', 'mapping', 'kernel', 'flows', 'adapters', 'runtime', 'cli', 'console'],
  query: ['store', 'mapping', 'kernel', 'flows', 'adapters', 'runtime', 'cli', 'console'],
  mapping: ['store', 'kernel', 'flows', 'adapters', 'runtime', 'cli', 'console'],
  store: ['mapping', 'kernel', 'flows', 'adapters', 'runtime', 'cli', 'console'],
  kernel: ['flows', 'adapters', 'runtime', 'cli', 'console'],
  flows: ['adapters', 'runtime', 'cli', 'console'],
  adapters: ['store', 'runtime', 'cli', 'console'],
  runtime: ['cli', 'console'],
}

const layerRules = Object.entries(layers).map(([layer, forbidden]) => ({
  files: [`src/${layer}/**/*.ts`],
  ignores: ['**/*.test.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((f) => ({
          group: [`**/${f}/*`, `**/${f}/index.js`, `../${f}`, `../../${f}`, `../../../${f}`],
          message: `src/${layer} must not import src/${f}: imports point one way (see eslint.config.js).`,
        })),
      },
    ],
  },
}))

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.ci/work/**', '.bench-build/**', 'bench/results/**', '**/*.generated.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-throw-literal': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', '**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'process.env is read only in src/cli (configuration layer).' },
      ],
    },
  },
  ...layerRules,
)
