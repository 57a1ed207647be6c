// Which orderer this member's admin Jobs submit transactions to: its own consenter in-cluster when
// it runs one, otherwise the first consenter of the consortium through that member's ingress.
import { ordererEndpoint } from '../model/endpoints.ts';
import { ordererResourceName } from '../model/resource-names.ts';
import { InternalError } from '../errors.ts';
import type { MemberContext } from './context.ts';
import { PORTS } from './ports.ts';
import { serviceHost } from './services.ts';

export interface OrdererTarget {
  readonly address: string;
  /** Org whose TLS CA signs that orderer's certificate (file in the TLS roots ConfigMap). */
  readonly orgId: string;
}

export function ordererTarget(ctx: MemberContext): OrdererTarget {
  const own = ctx.ownConsenters[0];
  if (own !== undefined)
    return { address: `${serviceHost(ctx, ordererResourceName(ctx.org, own))}:${PORTS.orderer}`, orgId: ctx.org.id };
  const first = ctx.consenters[0];
  if (first === undefined)
    throw new InternalError('the ordering service has no consenters; validation should have refused it');
  return { address: ordererEndpoint(first.org, first.orderer), orgId: first.org.id };
}
