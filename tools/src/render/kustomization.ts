// kustomization.yaml listing every object file, sorted, so `kubectl apply -k`, Argo CD and Flux
// consume the directory as-is. No namespace or label transformers: objects are complete already.
import { compare } from './context.ts';
import { serializeObject } from './serialize.ts';

export function renderKustomization(resourceFiles: readonly string[]): string {
  return serializeObject({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [...resourceFiles].sort(compare),
  });
}
