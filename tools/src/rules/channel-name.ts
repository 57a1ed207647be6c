import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

// Fabric's channel name rule (internal/configtxlator and the orderer's channel participation API).
const channelNamePattern = /^[a-z][a-z0-9.-]*$/;
const channelNameMaxLength = 249;

export function checkChannelName(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const channel of ctx.model.channels) {
    const name = channel.name;
    let problem: string | undefined;
    if (name.length > channelNameMaxLength)
      problem = `is ${name.length} characters long; Fabric allows at most ${channelNameMaxLength}`;
    else if (!channelNamePattern.test(name))
      problem = 'must start with a lower-case letter and contain only a-z, 0-9, "." and "-"';
    if (problem === undefined) continue;
    found.push(
      reportAt({
        rule: 'channel-name',
        severity: 'error',
        source: channel.source,
        path: 'name',
        message: `channel name "${name}" ${problem}`,
        hint: 'Rename the channel (and its folder under channels/) to match ^[a-z][a-z0-9.-]*$, for example "traceability".',
      }),
    );
  }
  return found;
}
