// vitest global setup of the "cluster" project: starts the three test clusters once for all
// *.cluster.test.ts suites and hands them over with `provide` (see clusters.ts for the shape).
// Without the binaries the run goes on: suites see `clusters: undefined` and skip, and the reason
// is recorded for the test runner's summary.
import type { TestProject } from 'vitest/node';
import { locateBinaries } from './binaries.ts';
import './clusters.ts';
import { startControlServer, type ControlServer } from './control-server.ts';
import { startControlPlane, type ControlPlane } from './harness.ts';
import { recordSkip } from '../support/requirements.ts';

let plane: ControlPlane | undefined;
let control: ControlServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  const lookup = locateBinaries();
  if (!lookup.found) {
    recordSkip('cluster suites (*.cluster.test.ts)', lookup.reason);
    project.provide('clusters', undefined);
    project.provide('clustersUnavailable', lookup.reason);
    return;
  }
  plane = await startControlPlane({ binaries: lookup.binaries });
  control = await startControlServer(plane);
  project.provide('clusters', { ...plane.environment, control: control.url });
  project.provide('clustersUnavailable', '');
}

export async function teardown(): Promise<void> {
  await control?.close();
  await plane?.stop();
  control = undefined;
  plane = undefined;
}
