import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Fixtures with lint errors on purpose (lint-test annotates them).
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      'k8s/',
      'test/fixtures/ci/',
      'test/unit/ci/fixtures/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Only the GitHub adapter layer may talk to @actions/*.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@actions/*'],
              message:
                'Only src/github (the action I/O and input reading) imports @actions/*: a stage writes through its StageIO.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/github/**', 'test/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
