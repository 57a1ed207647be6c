// vitest global setup of the e2e project: the test node's (test/node/global-setup.ts), unless
// CONSORTIUM_E2E_KUBECONFIG names a cluster of the user's (e2e-cluster.ts), which needs no node.
import type { TestProject } from 'vitest/node';
import * as node from '../node/global-setup.ts';
import { USER_KUBECONFIG_ENV, userClusterChosen } from './e2e-cluster.ts';

export async function setup(project: TestProject): Promise<void> {
  if (!userClusterChosen()) return node.setup(project);
  project.provide('testNode', undefined);
  project.provide('testNodeUnavailable', `${USER_KUBECONFIG_ENV} names the cluster the e2e runs on; no node started`);
}

export async function teardown(): Promise<void> {
  if (!userClusterChosen()) await node.teardown();
}
