// Validates response bodies against the GitHub OpenAPI subset (test/fixtures/github/openapi-subset.json,
// extracted by scripts/extract-github-schemas.mjs from @octokit/openapi).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const subsetPath = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/github/openapi-subset.json');

export type OperationId =
  | 'pulls/get'
  | 'pulls/list-files'
  | 'pulls/list-commits'
  | 'pulls/list-reviews'
  | 'issues/list-comments'
  | 'issues/create-comment'
  | 'issues/update-comment'
  | 'checks/create';

export interface ResponseValidator {
  /** Problems with `body` as a response of `operation`, empty when it conforms. */
  validate(operation: OperationId, body: unknown): string[];
  readonly status: (operation: OperationId) => number;
}

export function createResponseValidator(): ResponseValidator {
  const subset = JSON.parse(readFileSync(subsetPath, 'utf8')) as {
    $id: string;
    operations: Record<string, { status: number }>;
  };
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
  addFormats(ajv);
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addSchema(subset);
  const compiled = new Map<OperationId, ValidateFunction>();
  return {
    validate(operation, body) {
      let check = compiled.get(operation);
      if (check === undefined) {
        check = ajv.compile({ $ref: `${subset.$id}#/operations/${operation.replace(/\//g, '~1')}/schema` });
        compiled.set(operation, check);
      }
      if (check(body)) return [];
      return (check.errors ?? [])
        .slice(0, 10)
        .map((e) => `${operation}: ${e.instancePath || '/'} ${e.message ?? 'invalid'}`);
    },
    status(operation) {
      const op = subset.operations[operation];
      if (op === undefined) throw new Error(`operation ${operation} is not in the OpenAPI subset`);
      return op.status;
    },
  };
}
