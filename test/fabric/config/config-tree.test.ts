import { describe, expect, it } from 'vitest';
import { common } from '@hyperledger/fabric-protos';
import { configFromProto, configToProto, type ChannelConfig } from '../../../tools/src/fabric/config/config-tree.ts';

const sample: ChannelConfig = {
  sequence: 3,
  channelGroup: {
    version: 1,
    modPolicy: 'Admins',
    groups: {
      Application: {
        version: 2,
        modPolicy: 'Admins',
        groups: {},
        values: { Capabilities: { version: 0, modPolicy: 'Admins', value: new Uint8Array([10, 4, 1, 2]) } },
        policies: {
          Admins: { version: 0, modPolicy: 'Admins', policyType: 3, policyValue: new Uint8Array([8, 2]) },
        },
      },
    },
    values: {},
    policies: {},
  },
};

describe('config tree', () => {
  it('survives encoding to common.Config bytes and back unchanged', () => {
    const bytes = configToProto(sample).serializeBinary();
    const decoded = configFromProto(common.Config.deserializeBinary(bytes));
    expect(decoded).toEqual(sample);
  });

  it('encodes maps in sorted key order whatever order the tree lists them in', () => {
    const a = { ...sample.channelGroup, groups: { B: sample.channelGroup, A: sample.channelGroup } };
    const b = { ...sample.channelGroup, groups: { A: sample.channelGroup, B: sample.channelGroup } };
    const encode = (g: typeof a) => configToProto({ sequence: 0, channelGroup: g }).serializeBinary();
    expect(Buffer.from(encode(a)).equals(Buffer.from(encode(b)))).toBe(true);
  });
});
