import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import consortiumSchema from '../../../schemas/consortium.schema.json' with { type: 'json' };
import organizationSchema from '../../../schemas/organization.schema.json' with { type: 'json' };
import channelSchema from '../../../schemas/channel.schema.json' with { type: 'json' };
import chaincodeSchema from '../../../schemas/chaincode.schema.json' with { type: 'json' };
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

let validators: Readonly<Record<DocumentKind, ValidateFunction>> | undefined;

/**
 * Compiles every schema once per process (compiling costs far more than validating), on first use
 * rather than at import time.
 *
 * `useDefaults` fills documented defaults into the data, so the schema is the single source of
 * every default. `verbose` keeps the offending schema on each error for readable messages.
 */
function compiledValidators(): Readonly<Record<DocumentKind, ValidateFunction>> {
  if (validators === undefined) {
    const ajv = new Ajv2020({ allErrors: true, useDefaults: true, verbose: true, strict: true });
    // An annotation naming the semantic rule that owns a property (schema-rules.ts); it never
    // changes what is valid.
    ajv.addKeyword({ keyword: schemaRuleKeyword, schemaType: 'string' });
    validators = {
      Consortium: ajv.compile(consortiumSchema),
      Organization: ajv.compile(organizationSchema),
      Channel: ajv.compile(channelSchema),
      Chaincode: ajv.compile(chaincodeSchema),
    };
  }
  return validators;
}

/** Validates `data` in place (defaults are filled in) against the schema of `kind`. */
export function checkSchema(kind: DocumentKind, data: unknown): SchemaCheck {
  const validate = compiledValidators()[kind];
  const valid = validate(data);
  return { valid, errors: valid ? [] : [...(validate.errors ?? [])] };
}
