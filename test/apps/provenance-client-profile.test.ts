// The provenance client reads its Gateway peer from the connection profile render writes for the
// member: the example's manufacturer profiles, in-cluster and external, and profiles that are wrong.
import { load } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConnectionProfile, ProfileError, resolveEndpoint } from '../../apps/provenance-client/profile.ts';
import { renderConsortium } from '../../tools/src/render/render-consortium.ts';
import { loadExampleModel, objectsOf } from '../render/support/render-fixtures.ts';

let profiles: Record<string, string>;

beforeAll(async () => {
  const member = renderConsortium(await loadExampleModel()).find((m) => m.org === 'manufacturer');
  const configMap =
    member && objectsOf(member).find(({ object }) => object.metadata.name === 'fabric-connection-profile');
  profiles = (configMap?.object as { data: Record<string, string> } | undefined)?.data ?? {};
});

describe('provenance client: connection profile', () => {
  it('dials the member peer at its external host with the TLS root of its org', () => {
    const target = parseConnectionProfile(profiles['connection-profile-external.yaml'] ?? '', 'external.yaml');
    expect(target.mspId).toBe('AcmeManufacturingMSP');
    expect(target.endpoint).toMatch(/^peer0\.[a-z0-9.-]+:443$/);
    expect(target.hostOverride).toBe(target.endpoint.replace(/:443$/, ''));
    expect(target.tlsRootCert).toContain('-----BEGIN CERTIFICATE-----');
    expect(target.channels).toContain('traceability');
  });

  it('dials the in-cluster Service name from inside the member cluster', () => {
    const target = parseConnectionProfile(profiles['connection-profile.yaml'] ?? '', 'in-cluster.yaml');
    expect(target.endpoint).toMatch(/\.svc(\.cluster\.local)?:\d+$/);
  });

  it('names the file and the field that is wrong', () => {
    const external = load(profiles['connection-profile-external.yaml'] ?? '') as {
      peers: Record<string, { url: string }>;
    };
    const [host] = Object.keys(external.peers);
    expect(() => parseConnectionProfile('a: [', 'bad.yaml')).toThrow(/bad.yaml: not YAML/);
    expect(() => parseConnectionProfile('client: {}', 'bad.yaml')).toThrow(/bad.yaml client: "organization"/);
    expect(() =>
      parseConnectionProfile(profiles['connection-profile-external.yaml'] ?? '', 'p.yaml', { peer: 'peer9.x' }),
    ).toThrow(/p.yaml: peer9.x is not a peer of AcmeManufacturingMSP; the profile lists peer0\./);
    const plain = (profiles['connection-profile-external.yaml'] ?? '').replace(
      `grpcs://${host ?? ''}`,
      `grpc://${host ?? ''}`,
    );
    expect(() => parseConnectionProfile(plain, 'p.yaml')).toThrow(ProfileError);
    expect(() => parseConnectionProfile(plain, 'p.yaml')).toThrow(/is not grpcs:\/\/host:port/);
  });

  it('dials another address for the peer host and keeps its TLS name (--resolve)', () => {
    const target = parseConnectionProfile(profiles['connection-profile-external.yaml'] ?? '', 'external.yaml');
    const host = target.endpoint.replace(/:443$/, '');
    const resolved = resolveEndpoint(target, `${host}=10.0.0.20`);
    expect(resolved.endpoint).toBe('10.0.0.20:443');
    expect(resolved.hostOverride).toBe(host);
    expect(resolveEndpoint(target, `${host}=127.0.0.1:8443`).endpoint).toBe('127.0.0.1:8443');
    expect(() => resolveEndpoint(target, 'other.example=10.0.0.1')).toThrow(
      `--resolve other.example=10.0.0.1: the peer this client dials is ${host}, not other.example`,
    );
    expect(() => resolveEndpoint(target, '10.0.0.1')).toThrow(/expected HOST=ADDRESS\[:PORT\]/);
  });
});
