import { GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { ModelUse } from '../discovery/usage.ts';
import type { TypeRun } from './context.ts';

/**
 * Models actually invoked in a region, read from the Bedrock invocation-log group with a CloudWatch Logs Insights
 * aggregation (counts by model and identity only: no prompt or response text is read).
 */
export async function invocationLogUsage(
  run: TypeRun,
  logGroupName: string,
  opts: { days?: number; pollMs?: number; maxPolls?: number } = {},
): Promise<ModelUse[] | undefined> {
  const logs = run.client('logs');
  const end = Math.floor(Date.parse(run.env.now) / 1000);
  const start = end - (opts.days ?? 30) * 86400;
  const errors: string[] = [];
  const q = await run.read(
    'logs',
    'StartQuery',
    () =>
      logs.send(
        new StartQueryCommand({
          logGroupName,
          startTime: start,
          endTime: end,
          queryString: 'stats count(*) as calls, max(@timestamp) as lastUsed by modelId, identity.arn | limit 10000',
        }),
      ),
    errors,
  );
  if (!q?.queryId) return undefined;
  for (let i = 0; i < (opts.maxPolls ?? 60); i++) {
    const r = await run.read('logs', 'GetQueryResults', () => logs.send(new GetQueryResultsCommand({ queryId: q.queryId })), errors);
    if (!r) return undefined;
    if (r.status === 'Complete') {
      const byModel = new Map<string, ModelUse>();
      for (const row of r.results ?? []) {
        const f = Object.fromEntries(row.map((c) => [c.field ?? '', c.value ?? '']));
        if (!f.modelId) continue;
        const u = byModel.get(f.modelId) ?? { modelId: f.modelId, identities: [], lastUsed: null, via: 'invocation-logs' as const };
        if (f['identity.arn']) u.identities.push(f['identity.arn']);
        const last = f.lastUsed ? new Date(f.lastUsed.replace(' ', 'T') + (f.lastUsed.endsWith('Z') ? '' : 'Z')) : null;
        if (last && !Number.isNaN(last.getTime()) && (!u.lastUsed || last.toISOString() > u.lastUsed)) u.lastUsed = last.toISOString();
        byModel.set(f.modelId, u);
      }
      return [...byModel.values()];
    }
    if (r.status && r.status !== 'Running' && r.status !== 'Scheduled') {
      run.gap('logs', 'GetQueryResults', Object.assign(new Error(`query ${r.status}`), { name: `Query${r.status}` }));
      run.partial = true;
      return undefined;
    }
    await new Promise((res) => setTimeout(res, opts.pollMs ?? 1000));
  }
  run.gap('logs', 'GetQueryResults', Object.assign(new Error('query did not complete in time'), { name: 'QueryTimeout' }));
  run.partial = true;
  return undefined;
}
