import { defineConfig } from 'eslint/config';
import obsidianmd from 'eslint-plugin-obsidianmd';

export default defineConfig([
  {
    ignores: ['node_modules/', 'main.js', 'coverage/', '.demo/', 'examples/', '**/*.cjs', '**/*.mjs'],
  },
  ...obsidianmd.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // TypeScript checks names itself; the core rule does not know jest's or the DOM's globals.
      'no-undef': 'off',
      'obsidianmd/ui/sentence-case': ['warn', { brands: ['Kira', 'Google', 'Google Calendar'] }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The headless host implements the very APIs these rules steer plugins towards.
    files: ['tests/host/**/*.ts'],
    rules: {
      'obsidianmd/prefer-create-el': 'off',
      'obsidianmd/prefer-instanceof': 'off',
      'obsidianmd/prefer-file-manager-trash-file': 'off',
      'obsidianmd/hardcoded-config-path': 'off',
    },
  },
  {
    // Tests, benchmarks and scripts run in Node, not in Obsidian.
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      'import/no-nodejs-modules': 'off',
      'obsidianmd/no-nodejs-modules': 'off',
      'obsidianmd/hardcoded-config-path': 'off',
      'obsidianmd/rule-custom-message': 'off',
      'no-console': 'off',
      'no-restricted-globals': 'off',
      'obsidianmd/no-static-styles-assignment': 'off',
      'depend/ban-dependencies': 'off',
    },
  },
]);
