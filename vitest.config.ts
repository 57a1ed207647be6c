import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 300_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [
            ...configDefaults.exclude,
            'test/**/*.cluster.test.ts',
            'test/**/*.fabric.test.ts',
            'test/**/*.node.test.ts',
            'test/**/*.e2e.test.ts',
          ],
        },
      },
      {
        // Suites against the three real test clusters (docs/testing.md). The global setup starts
        // them once; suites run one file at a time because a fault test may stop an API server.
        extends: true,
        test: {
          name: 'cluster',
          include: ['test/**/*.cluster.test.ts'],
          globalSetup: ['test/cluster/global-setup.ts'],
          fileParallelism: false,
        },
      },
      {
        // Suites against a native Fabric network (test/fabric-network): one network per file,
        // files one at a time (each runs eight Fabric nodes on a two-core machine).
        extends: true,
        test: {
          name: 'fabric',
          include: ['test/**/*.fabric.test.ts'],
          fileParallelism: false,
          testTimeout: 300_000,
        },
      },
      {
        // Suites on one real node (docs/testing.md, "The test node"): pods run, Services route,
        // NetworkPolicies apply. The global setup starts its cluster and node once.
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.node.test.ts'],
          globalSetup: ['test/node/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
        },
      },
      {
        // The end-to-end test (`npm run test:e2e`, docs/testing.md): the example consortium on its
        // own real node, started by the node project's global setup, or on the cluster
        // CONSORTIUM_E2E_KUBECONFIG names (then no node starts).
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
