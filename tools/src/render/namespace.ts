// The member's namespace, labelled for Pod Security Admission "restricted": every workload rendered
// here meets that profile, so the namespace can enforce it.
import type { MemberContext } from './context.ts';
import { ownerAnnotations, standardLabels } from './labels.ts';
import type { KubeObject } from './types.ts';

export function renderNamespace(ctx: MemberContext): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: ctx.namespace,
      labels: {
        ...standardLabels({
          consortium: ctx.consortium.name,
          org: ctx.org.id,
          name: 'fabric',
          instance: ctx.org.id,
          component: 'namespace',
        }),
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
      annotations: ownerAnnotations(ctx.consortium.name, ctx.org.id),
    },
  };
}
