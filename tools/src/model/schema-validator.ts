import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, Options, ValidateFunction } from 'ajv/dist/2020.js';
import type * as AjvModule from 'ajv/dist/2020.js';
import ajvPackage from 'ajv/package.json' with { type: 'json' };
import consortiumSchema from '../../../schemas/consortium.schema.json' with { type: 'json' };
import organizationSchema from '../../../schemas/organization.schema.json' with { type: 'json' };
import channelSchema from '../../../schemas/channel.schema.json' with { type: 'json' };
import chaincodeSchema from '../../../schemas/chaincode.schema.json' with { type: 'json' };
import * as precompiled from './schema-validators.generated.js';
import { schemaRuleKeyword } from './schema-rules.ts';

export type DocumentKind = 'Consortium' | 'Organization' | 'Channel' | 'Chaincode';

/** The JSON Schema of each file kind, as shipped in schemas/ and referenced from every YAML file. */
export const schemasByKind: Readonly<Record<DocumentKind, object>> = {
  Consortium: consortiumSchema,
  Organization: organizationSchema,
  Channel: channelSchema,
  Chaincode: chaincodeSchema,
};

export interface SchemaCheck {
  readonly valid: boolean;
  readonly errors: readonly ErrorObject[];
}

/**
 * `useDefaults` fills documented defaults into the data, so the schema is the single source of
 * every default. `verbose` keeps the offending schema on each error for readable messages.
 */
const options: Options = { allErrors: true, useDefaults: true, verbose: true, strict: true };

/**
 * Ajv's compiler (a score of modules), loaded on first use: with the precompiled validators
 * current, a command never loads it.
 */
export function createAjv(extra: Options = {}): Ajv2020 {
  const { Ajv2020: Ajv } = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof AjvModule;
  const ajv = new Ajv({ ...options, ...extra });
  // An annotation naming the semantic rule that owns a property (schema-rules.ts); it never
  // changes what is valid.
  ajv.addKeyword({ keyword: schemaRuleKeyword, schemaType: 'string' });
  return ajv;
}

/**
 * What the validators are compiled from: the schemas, the options and Ajv's version. The module
 * schema-validators.generated.js holds the validators compiled from one digest; it is used only
 * when that digest is the current one.
 */
export function schemaDigest(): string {
  return createHash('sha256')
    .update(JSON.stringify({ ajv: ajvPackage.version, options, keyword: schemaRuleKeyword, schemas: schemasByKind }))
    .digest('hex');
}

let validators: Readonly<Record<DocumentKind, ValidateFunction>> | undefined;

/**
 * The precompiled validators when they were compiled from the current schemas; otherwise every
 * schema compiled once per process (compiling costs far more than validating), on first use
 * rather than at import time.
 */
function compiledValidators(): Readonly<Record<DocumentKind, ValidateFunction>> {
  if (validators === undefined) {
    if (precompiled.schemaDigest === schemaDigest()) {
      validators = {
        Consortium: precompiled.Consortium,
        Organization: precompiled.Organization,
        Channel: precompiled.Channel,
        Chaincode: precompiled.Chaincode,
      };
    } else {
      // Stale (a schema changed since scripts/generate-schema-validators.ts ran): same verdicts, slower.
      const ajv = createAjv();
      validators = {
        Consortium: ajv.compile(consortiumSchema),
        Organization: ajv.compile(organizationSchema),
        Channel: ajv.compile(channelSchema),
        Chaincode: ajv.compile(chaincodeSchema),
      };
    }
  }
  return validators;
}

/** Validates `data` in place (defaults are filled in) against the schema of `kind`. */
export function checkSchema(kind: DocumentKind, data: unknown): SchemaCheck {
  const validate = compiledValidators()[kind];
  const valid = validate(data);
  return { valid, errors: valid ? [] : [...(validate.errors ?? [])] };
}
