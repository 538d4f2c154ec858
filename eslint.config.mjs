// ESLint (flat config): `npm run lint` runs it with --max-warnings 0, then `prettier --check`.
// TypeScript gets typescript-eslint's type-checked rules (floating and misused promises, unsafe
// `any`), each file typed by the nearest tsconfig.json through the project service; plain
// JavaScript (scripts/, build scripts) gets ESLint's recommended rules with Node's globals.
// Formatting is Prettier's alone: eslint-config-prettier, last, turns off every rule it owns.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    '**/out/',
    '**/*.vsix',
    '.vscode-test/',
    'test/spec/',
    'test/e2e/screenshots/',
    'test/e2e/workspace/',
    'test/fixtures/',
    'examples/',
    'server/src/core/generated/',
  ]),

  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  {
    name: 'batch-studio/javascript',
    files: ['**/*.{js,cjs,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'commonjs',
      globals: { ...globals.node },
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module' },
  },

  {
    name: 'batch-studio/typescript',
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // From strictTypeChecked, the rules that cost little here (the whole strict set would add
      // ~330 problems, mostly numbers in template strings, `!` and defensive `?.` on API data).
      '@typescript-eslint/no-deprecated': 'error',
      '@typescript-eslint/use-unknown-in-catch-callback-variable': 'error',
      '@typescript-eslint/no-unnecessary-boolean-literal-compare': 'error',
      '@typescript-eslint/no-unnecessary-template-expression': 'error',
      '@typescript-eslint/no-unnecessary-type-conversion': 'error',
      // As tsc's noUnusedLocals/noUnusedParameters: a leading underscore marks "unused on purpose".
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },

  {
    // The client, and the end-to-end suite that runs inside the editor, import nothing from the
    // server's sources: the validation core, ajv and the schemas are bundled once, in the server.
    // test/unit/layering.test.ts checks the same, require() and import() included.
    name: 'batch-studio/layering',
    files: ['client/src/**/*.ts', 'test/e2e/suite/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+server(/|$)',
              message:
                'The client and the end-to-end suite import nothing from server/: ask the language server (common/src/protocol.ts), or move shared code to common/src.',
            },
          ],
        },
      ],
    },
  },

  prettier,
);
