import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const providerRoot = {
  name: '@cdktf/provider-aws',
  message:
    'Import provider classes deeply (@cdktf/provider-aws/lib/<resource>): the root loads ~2,200 modules.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'cdktf.out/', 'dist/', 'coverage/', 'scratch/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-restricted-imports': [
        'error',
        {
          paths: [providerRoot],
        },
      ],
    },
  },
  {
    files: ['modules/**/*.ts', 'controls/**/*.ts', 'stacks/**/*.ts', 'cli/**/*.ts', 'main.ts', 'index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [providerRoot],
          patterns: [
            { group: ['@cloud-copilot/iam-simulate'], message: 'AGPL: tests only, never in shipped code.' },
          ],
        },
      ],
    },
  },
  {
    // Tests mutate configuration objects freely to build bad inputs.
    files: ['__tests__/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
