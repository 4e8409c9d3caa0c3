// Jest runs the TypeScript sources as ESM (swc strips types; `tsc --noEmit` checks them).
// Projects by what they need, so a run starts the local control plane only when a test that
// uses it is selected (jest runs a project's global setup only when it has tests to run):
//   unit         no network
//   e2e          the bundles and the CLI as a user runs them, linters; no shared cluster
//                (the README quick-start test starts its own, through scripts/demo.sh)
//   integration  against the shared local control plane
//   package      image builds and registry pushes (buildah, docker-registry): no cluster,
//                so test/integration/package/ does not wait for the control plane
//   e2e-cluster  the bundles against the shared local control plane (test/e2e/cluster/)
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2023' }, module: { type: 'es6' } },
    ],
  },
  // Sources import './x.js' (NodeNext); map to the .ts file under test.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

// One cluster for the whole run: the setup of the second project finds the first one's.
const withCluster = {
  globalSetup: '<rootDir>/test/integration/global-setup.ts',
  globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
};

export default {
  // A project-level testTimeout is ignored by jest: this one applies to every project.
  testTimeout: 120_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/cluster/'],
    },
    {
      ...common,
      ...withCluster,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/integration/package/'],
    },
    {
      ...common,
      displayName: 'package',
      testMatch: ['<rootDir>/test/integration/package/**/*.test.ts'],
    },
    {
      ...common,
      ...withCluster,
      displayName: 'e2e-cluster',
      testMatch: ['<rootDir>/test/e2e/cluster/**/*.test.ts'],
    },
  ],
};
