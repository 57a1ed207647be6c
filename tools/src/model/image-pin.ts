// Whether a container image reference pins its content. `name:tag` names whatever the registry
// serves under that tag today; `name[:tag]@sha256:<digest>` names one manifest, so every member
// runs the code the others approved. Nothing here asks a registry anything.

export type ImagePin =
  | { readonly kind: 'digest' }
  | { readonly kind: 'tag' }
  | { readonly kind: 'malformed-digest'; readonly digest: string };

const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;

export function classifyImagePin(image: string): ImagePin {
  const at = image.lastIndexOf('@');
  if (at === -1) return { kind: 'tag' };
  const digest = image.slice(at + 1);
  return SHA256_DIGEST.test(digest) ? { kind: 'digest' } : { kind: 'malformed-digest', digest };
}

/** How to find the digest of a tag, for messages: tools a platform team already has. */
export function howToPinImage(image: string): string {
  return (
    `Pin the image by digest: \`${image}@sha256:<digest>\`, with the digest from ` +
    `\`crane digest ${image}\`, \`skopeo inspect docker://${image}\` or \`docker buildx imagetools inspect ${image}\` ` +
    '(the manifest list digest when the image has several platforms).'
  );
}
