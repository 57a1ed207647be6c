// Tokens reach the toolkit through the environment (GITHUB_TOKEN, kubeconfig bearer tokens read by
// adapters). Error messages from libraries sometimes echo request headers; strip anything that
// looks like a credential before it reaches a CI log, unless the user asked for --debug.

const secretEnvNames = /TOKEN|SECRET|PASSWORD|KEY/i;
const tokenShapes = [/\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g];
// The credential ends at whitespace, a quote or the separators that follow it in logged headers.
const authorizationHeader = /(authorization:\s*(?:bearer|token|basic)\s+)[^\s"',;]+/gi;

export function redactSecrets(text: string, env: Readonly<Record<string, string | undefined>>, debug: boolean): string {
  if (debug) return text;
  let out = text;
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.length >= 8 && secretEnvNames.test(name)) out = out.split(value).join('***');
  }
  for (const shape of tokenShapes) out = out.replace(shape, '***');
  return out.replace(authorizationHeader, '$1***');
}
