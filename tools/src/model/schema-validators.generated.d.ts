// Types of schema-validators.generated.js (schema-validators-source.ts writes it).
import type { ValidateFunction } from 'ajv/dist/2020.js';

/** schema-validator.ts schemaDigest() of the schemas the validators were compiled from. */
export declare const schemaDigest: string;
export declare const Consortium: ValidateFunction;
export declare const Organization: ValidateFunction;
export declare const Channel: ValidateFunction;
export declare const Chaincode: ValidateFunction;
