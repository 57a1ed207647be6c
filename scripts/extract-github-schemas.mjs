#!/usr/bin/env node
// Extracts the response schemas of the few GitHub REST operations the fake GitHub serves from
// GitHub's published OpenAPI description (@octokit/openapi, 385 MB unpacked: far too heavy to
// install in every CI job) into the small committed fixture test/fixtures/github/openapi-subset.json.
// Tests validate every response of the fake against it, so the fake cannot drift from GitHub.
//
//   node scripts/extract-github-schemas.mjs [--version 23.0.1]
//
// The version defaults to the description @octokit/openapi-types was generated from (its
// package.json "octokit.openapi-version"), so compile-time types and runtime schemas agree.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'test/fixtures/github/openapi-subset.json');

/** operationId -> the success status the fake returns. */
const operations = {
  'pulls/get': '200',
  'pulls/list-files': '200',
  'pulls/list-commits': '200',
  'pulls/list-reviews': '200',
  'issues/list-comments': '200',
  'issues/create-comment': '201',
  'issues/update-comment': '200',
  'checks/create': '201',
};

const typesPackage = JSON.parse(readFileSync(join(root, 'node_modules/@octokit/openapi-types/package.json'), 'utf8'));
const versionFlag = process.argv.indexOf('--version');
const version = versionFlag > 0 ? process.argv[versionFlag + 1] : typesPackage.octokit?.['openapi-version'];
if (!version) throw new Error('no @octokit/openapi version: pass --version X.Y.Z');

const work = mkdtempSync(join(tmpdir(), 'github-openapi-'));
try {
  console.log(`downloading @octokit/openapi@${version} to ${work} ...`);
  execFileSync('npm', ['pack', `@octokit/openapi@${version}`, '--pack-destination', work, '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  const member = 'package/generated/api.github.com.json';
  execFileSync('tar', ['-xzf', join(work, tarball), '-C', work, member], { stdio: 'inherit' });
  const description = JSON.parse(readFileSync(join(work, member), 'utf8'));

  const subset = {
    $id: 'https://consortium-gitops.invalid/github-openapi-subset.json',
    description: `Response schemas of the GitHub REST operations the fake GitHub serves, extracted from @octokit/openapi@${version} (${member}) by scripts/extract-github-schemas.mjs. Do not edit.`,
    source: {
      package: '@octokit/openapi',
      version,
      openapi: description.openapi,
      apiVersion: description.info?.version,
    },
    operations: {},
    components: { schemas: {} },
  };
  const pending = [];
  // `names` is true for an object whose keys are property names (`properties`), not keywords.
  const visit = (node, names = false) => {
    if (Array.isArray(node)) return node.map((item) => visit(item));
    if (node === null || typeof node !== 'object') return node;
    if (names) return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, visit(value)]));
    const copy = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'example' || key === 'examples' || key === 'description' || key === 'title') continue;
      if (key === 'properties' || key === 'patternProperties') {
        copy[key] = visit(value, true);
        continue;
      }
      if (key === '$ref' && typeof value === 'string') {
        const name = value.replace('#/components/schemas/', '');
        if (!(name in subset.components.schemas)) {
          subset.components.schemas[name] = null;
          pending.push(name);
        }
        copy.$ref = value;
      } else copy[key] = visit(value);
    }
    // OpenAPI 3.0's `nullable` is not JSON Schema: turn it into a null alternative.
    if (copy.nullable === true) {
      delete copy.nullable;
      return { anyOf: [copy, { type: 'null' }] };
    }
    delete copy.nullable;
    return copy;
  };
  for (const [path, methods] of Object.entries(description.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const status = operations[op?.operationId];
      if (status === undefined) continue;
      const schema = op.responses?.[status]?.content?.['application/json']?.schema;
      if (schema === undefined) throw new Error(`${op.operationId} has no ${status} JSON response`);
      subset.operations[op.operationId] = {
        method: method.toUpperCase(),
        path,
        status: Number(status),
        schema: visit(schema),
      };
    }
  }
  while (pending.length > 0) {
    const name = pending.pop();
    const schema = description.components.schemas[name];
    if (schema === undefined) throw new Error(`unresolved schema ${name}`);
    subset.components.schemas[name] = visit(schema);
  }
  const missing = Object.keys(operations).filter((id) => !(id in subset.operations));
  if (missing.length > 0) throw new Error(`operations not found: ${missing.join(', ')}`);
  subset.components.schemas = Object.fromEntries(
    Object.entries(subset.components.schemas).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  subset.operations = Object.fromEntries(Object.entries(subset.operations).sort(([a], [b]) => (a < b ? -1 : 1)));
  writeFileSync(out, `${JSON.stringify(subset, null, 1)}\n`);
  console.log(
    `wrote ${out}: ${Object.keys(subset.operations).length} operations, ${Object.keys(subset.components.schemas).length} schemas`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
