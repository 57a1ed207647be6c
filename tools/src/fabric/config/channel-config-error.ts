/**
 * The model cannot be turned into a channel configuration (a consenter without its TLS
 * certificate, a policy that does not parse, a certificate file that is missing). The message says
 * what is missing and where; commands report it as a finding (exit 1), validation has normally
 * reported the same problem at file:line already.
 */
export class ChannelConfigError extends Error {
  override readonly name = 'ChannelConfigError';
}
