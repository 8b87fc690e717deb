/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  moduleNameMapper: {
    '^obsidian$': '<rootDir>/tests/host/obsidian.ts',
  },
  globalSetup: '<rootDir>/tests/global-setup.cjs',
  setupFiles: ['<rootDir>/tests/setup-env.cjs'],
  testTimeout: 30000,
};
