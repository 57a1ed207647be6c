import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../tools/src/cli/redact.ts';

describe('redactSecrets', () => {
  const token = 'ghp_0123456789abcdefghijABCDEFGHIJ';

  it('removes the values of secret-looking environment variables', () => {
    const env = { GITHUB_TOKEN: 's3cr3t-value-123', HOME: '/home/someone-long' };
    expect(redactSecrets('token s3cr3t-value-123 in /home/someone-long', env, false)).toBe(
      'token *** in /home/someone-long',
    );
  });

  it('removes GitHub token shapes and authorization headers even when not in the environment', () => {
    const text = `failed: ${token}; Authorization: Bearer abc.def.ghi; authorization: token xyz123`;
    expect(redactSecrets(text, {}, false)).toBe('failed: ***; Authorization: Bearer ***; authorization: token ***');
  });

  it('leaves everything as it is with --debug', () => {
    expect(redactSecrets(`x ${token}`, { GITHUB_TOKEN: token }, true)).toBe(`x ${token}`);
  });
});
