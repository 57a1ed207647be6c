import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';

// Any PEM private-key armour: PKCS#8 ("PRIVATE KEY", "ENCRYPTED PRIVATE KEY"), PKCS#1 and SEC1
// ("RSA/EC/DSA PRIVATE KEY"), OpenSSH, and PGP key blocks. Matched anywhere on a line, so a key
// pasted into a YAML block, a JSON string or a comment is found as well.
const privateKeyArmour = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/g;

// What follows the armour of a real key: line breaks (real, or escaped as in a JSON string, with
// the comment markers, quotes and concatenation of a key pasted into code or commented out),
// optional RFC 1421 headers ("Proc-Type: 4,ENCRYPTED"), then base64 key material. Requiring the
// material keeps a pattern that merely names the armour (a regular expression in a test, a line of
// documentation) from counting as a key, while any actual key, however it is embedded, still does.
const breaks = /^(?:\s|\\r|\\n|#|\/\/|\*|;|>|['"`,]|\+(?=\s))+/;
const header = /^[A-Za-z][A-Za-z0-9-]*: [^\r\n\\]*/;
const keyMaterial = /^[A-Za-z0-9+/]{16}/;

function isFollowedByKeyMaterial(text: string, end: number): boolean {
  let rest = text.slice(end, end + 512);
  for (let i = 0; i < 8; i++) {
    rest = rest.replace(breaks, '');
    const h = header.exec(rest);
    if (h === null) break;
    rest = rest.slice(h[0].length);
  }
  return keyMaterial.test(rest);
}

/** The repository is public to every member: it must hold no private key, in any file. */
export function checkNoPrivateKey(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const file of ctx.model.files) {
    if (file.text !== undefined) found.push(...findPrivateKeys({ path: file.path, text: file.text }));
  }
  return found;
}

/**
 * Private-key blocks in one file's text. Also used on files the loader keeps no text for (binary,
 * not UTF-8, large), decoded as latin1, so a key cannot hide behind one invalid byte.
 */
export function findPrivateKeys(file: { readonly path: string; readonly text: string }): Diagnostic[] {
  const { path, text } = file;
  if (!text.includes('PRIVATE KEY')) return [];
  const found: Diagnostic[] = [];
  const armour = new RegExp(privateKeyArmour.source, 'g');
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  for (let match = armour.exec(text); match !== null; match = armour.exec(text)) {
    if (!isFollowedByKeyMaterial(text, match.index + match[0].length)) continue;
    for (let nl = text.indexOf('\n', scanned); nl !== -1 && nl < match.index; nl = text.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    scanned = match.index;
    const kind = `${match[1] ?? ''}PRIVATE KEY`;
    found.push({
      rule: 'no-private-key',
      severity: 'error',
      file: path,
      line,
      column: match.index - lineStart + 1,
      message: `${path} contains a private key (PEM "${kind}" block)`,
      hint:
        'Remove the key from the repository and its history, and treat it as compromised: issue a new key and certificate. ' +
        "Only public certificates belong here; private keys stay in each member's own cluster or key store.",
    });
  }
  return found;
}
