import type { Diagnostic } from '../model/diagnostic.ts';
import type { Source } from '../model/source.ts';
import type { Organization } from '../model/types.ts';
import type { RuleContext } from './context.ts';
import {
  STATEFULSET_NAME_MAX_LENGTH,
  caResourceName,
  chaincodeServerName,
  couchdbResourceName,
  isDnsLabel,
  isLabelValue,
  ordererResourceName,
  peerResourceName,
} from '../model/resource-names.ts';
import { reportAt } from './report.ts';

const rule = 'kubernetes-name';

interface Place {
  readonly source: Source;
  readonly path: string;
}

/**
 * Everything that becomes a Kubernetes object name or label value must be one, including the
 * combined names render creates (see model/resource-names.ts for the naming scheme and limits),
 * and no two objects of one member's namespace may end up with the same name.
 */
export function checkKubernetesName(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  const report = (at: Place, message: string, hint: string) =>
    found.push(reportAt({ rule, severity: 'error', source: at.source, path: at.path, message, hint }));
  const requireLabel = (value: string, what: string, at: Place) => {
    if (isDnsLabel(value)) return true;
    report(
      at,
      `${what} "${value}" is not a valid Kubernetes name: ${value.length > 63 ? `${value.length} characters, at most 63 allowed` : 'use only a-z, 0-9 and "-", starting and ending with a letter or digit'}`,
      'Rename it to a DNS-1123 label (lower-case letters, digits and "-", at most 63 characters).',
    );
    return false;
  };
  const requireStatefulSetName = (name: string, what: string, at: Place) => {
    if (name.length <= STATEFULSET_NAME_MAX_LENGTH) return;
    report(
      at,
      `${what} would be rendered as StatefulSet "${name}" (${name.length} characters); StatefulSet names may have at most ${STATEFULSET_NAME_MAX_LENGTH}, since their pods' controller-revision-hash label appends a hash`,
      'Shorten the node name or the org id.',
    );
  };
  // Per org: the object names of everything it runs in its namespace, to find collisions.
  const namesByOrg = new Map<string, Map<string, string>>();
  /** False when the name is taken (and reported). */
  const claim = (org: Organization, name: string, what: string, at: Place): boolean => {
    let names = namesByOrg.get(org.id);
    if (names === undefined) namesByOrg.set(org.id, (names = new Map<string, string>()));
    const first = names.get(name);
    if (first === undefined) {
      names.set(name, what);
      return true;
    }
    report(
      at,
      `${what} and ${first} would both be rendered as "${name}" in the namespace of org "${org.id}"`,
      'Rename one of them so their Kubernetes names differ.',
    );
    return false;
  };

  for (const org of ctx.model.orgs) {
    const at = (path: string): Place => ({ source: org.source, path });
    const idOk = requireLabel(org.id, 'org id', at('id'));
    requireLabel(org.cluster.namespace, 'namespace', at('cluster.namespace'));
    if (!idOk) continue;
    requireStatefulSetName(caResourceName(org), `the CA of org "${org.id}"`, at('id'));
    claim(org, caResourceName(org), `the CA of org "${org.id}"`, at('id'));
    org.peers.forEach((peer, i) => {
      if (!requireLabel(peer.name, 'peer name', at(`peers.${i}.name`))) return;
      const what = `peer "${peer.name}"`;
      requireStatefulSetName(peerResourceName(org, peer), what, at(`peers.${i}.name`));
      claim(org, peerResourceName(org, peer), what, at(`peers.${i}.name`));
      if (peer.stateDb === 'couchdb') {
        requireStatefulSetName(
          couchdbResourceName(org, peer),
          `the CouchDB of peer "${peer.name}"`,
          at(`peers.${i}.name`),
        );
        claim(org, couchdbResourceName(org, peer), `the CouchDB of peer "${peer.name}"`, at(`peers.${i}.name`));
      }
    });
    org.orderers.forEach((orderer, i) => {
      if (!requireLabel(orderer.name, 'orderer name', at(`orderers.${i}.name`))) return;
      const what = `orderer "${orderer.name}"`;
      requireStatefulSetName(ordererResourceName(org, orderer), what, at(`orderers.${i}.name`));
      claim(org, ordererResourceName(org, orderer), what, at(`orderers.${i}.name`));
    });
  }

  for (const channel of ctx.model.channels) {
    const channelLabelOk = isLabelValue(channel.name);
    if (!channelLabelOk) {
      report(
        { source: channel.source, path: 'name' },
        `channel name "${channel.name}" cannot be a Kubernetes label value (at most 63 characters, starting and ending with a letter or digit)`,
        'Use a channel name of at most 63 characters that ends with a letter or digit.',
      );
    }
    for (const chaincode of channel.chaincodes) {
      const at: Place = { source: chaincode.source, path: 'name' };
      if (!isLabelValue(chaincode.name)) {
        report(
          at,
          `chaincode name "${chaincode.name}" cannot be a Kubernetes label value (at most 63 characters)`,
          'Use a chaincode name of at most 63 characters.',
        );
        continue;
      }
      if (!channelLabelOk) continue;
      // Each version's server: the committed one (previous) runs beside the new one during an upgrade.
      const versions = [chaincode.version, ...(chaincode.previous === undefined ? [] : [chaincode.previous.version])];
      for (const [i, version] of versions.entries()) {
        const name = chaincodeServerName({ ...chaincode, version });
        const what = `version ${version} of chaincode "${chaincode.name}" of channel "${channel.name}"`;
        const place: Place = i === 0 ? at : { source: chaincode.source, path: 'previous.version' };
        if (!isDnsLabel(name)) {
          report(
            place,
            `${what} would be rendered as Deployment and Service "${name}" (${name.length} characters); Service names may have at most 63`,
            'Shorten the chaincode name, the channel name or the version.',
          );
          continue;
        }
        for (const orgId of new Set(chaincode.installedOn)) {
          const org = ctx.orgsById.get(orgId);
          // One finding per chaincode is enough, even when several members would see the clash.
          if (org !== undefined && isDnsLabel(org.id) && !claim(org, name, what, place)) break;
        }
      }
    }
  }
  return found;
}
