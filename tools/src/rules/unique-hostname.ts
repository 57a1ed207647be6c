import type { Diagnostic } from '../model/diagnostic.ts';
import type { Source } from '../model/source.ts';
import type { RuleContext } from './context.ts';
import { caHost, ordererHost, peerHost } from '../model/endpoints.ts';
import { reportAt } from './report.ts';

interface HostUse {
  readonly what: string;
  readonly source: Source;
}

/**
 * Every external endpoint (peer, orderer, CA; see model/endpoints.ts for how hostnames derive from
 * the org's ingress domain) must be unique across the consortium, or gossip, ordering and TLS
 * would reach the wrong node. Each org's own domain must be unique too.
 */
export function checkUniqueHostname(ctx: RuleContext): Diagnostic[] {
  const hosts = new Map<string, HostUse>();
  const domains = new Map<string, HostUse>();
  const found: Diagnostic[] = [];
  const claim = (table: Map<string, HostUse>, host: string, use: HostUse & { path: string }) => {
    const first = table.get(host);
    if (first === undefined) {
      table.set(host, use);
      return;
    }
    found.push(
      reportAt({
        rule: 'unique-hostname',
        severity: 'error',
        source: use.source,
        path: use.path,
        message: `${use.what} would use hostname "${host}", already used by ${first.what} (${first.source.file})`,
        hint:
          table === domains
            ? 'Each organization needs its own DNS domain.'
            : 'Give each organization its own cluster.ingress.domain, or rename the node so its hostname is unique.',
      }),
    );
  };
  for (const org of ctx.model.orgs) {
    claim(domains, org.domain.toLowerCase(), { what: `org "${org.id}"`, source: org.source, path: 'domain' });
    claim(hosts, caHost(org), {
      what: `the CA of org "${org.id}"`,
      source: org.source,
      path: 'cluster.ingress.domain',
    });
    org.peers.forEach((peer, i) => {
      claim(hosts, peerHost(org, peer), {
        what: `peer "${peer.name}" of org "${org.id}"`,
        source: org.source,
        path: `peers.${i}.name`,
      });
    });
    org.orderers.forEach((orderer, i) => {
      claim(hosts, ordererHost(org, orderer), {
        what: `orderer "${orderer.name}" of org "${org.id}"`,
        source: org.source,
        path: `orderers.${i}.name`,
      });
    });
  }
  return found;
}
