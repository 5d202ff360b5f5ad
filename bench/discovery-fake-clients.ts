/**
 * In-process fake AWS clients for the discovery benchmark: `send(command)` waits the simulated latency and answers
 * from the synthetic account (same data and pagination as the HTTP stand-in, without sockets, signing or
 * serialization), so the measured wall time isolates discovery's own scheduling from CPU contention.
 */
import type { DemoAccount } from '../shared/demo/account.ts';
import { page } from '../shared/demo/aws-standin/protocol.ts';
import { jsonTargets } from '../shared/demo/aws-standin/routes.ts';
import type { ClientFactory } from '../shared/discovery/types.ts';

type Input = Record<string, unknown>;

export function fakeClientFactory(
  account: DemoAccount,
  opts: { latencyMs: number; pageSize: number },
): ClientFactory & { calls: number; byOperation: Map<string, number> } {
  const ctx = { account, pageSize: opts.pageSize };
  const json = (target: string) => (region: string, i: Input) => jsonTargets[target]({ region } as never, ctx, i);
  const handlers: Record<string, (region: string, i: Input) => unknown> = {
    ListModelsCommand: json('SageMaker.ListModels'),
    DescribeModelCommand: json('SageMaker.DescribeModel'),
    ListNotebookInstancesCommand: json('SageMaker.ListNotebookInstances'),
    DescribeNotebookInstanceCommand: json('SageMaker.DescribeNotebookInstance'),
    ListTrainingJobsCommand: json('SageMaker.ListTrainingJobs'),
    DescribeTrainingJobCommand: json('SageMaker.DescribeTrainingJob'),
    ListCustomModelsCommand: (region, i) => {
      const p = page(account.regions[region].customModels, i.nextToken as string, i.maxResults as number, opts.pageSize);
      return { modelSummaries: p.items, nextToken: p.next };
    },
    GetCustomModelCommand: (region, i) => account.regions[region].customModels.find((m) => m.modelArn === i.modelIdentifier),
    ListFunctionsCommand: (region, i) => {
      const p = page(account.regions[region].lambdas, i.Marker as string, i.MaxItems as number, opts.pageSize);
      return { Functions: p.items, NextMarker: p.next };
    },
    GetRoleCommand: (_r, i) => ({
      Role: {
        RoleName: i.RoleName,
        Arn: `arn:aws:iam::${account.accountId}:role/${i.RoleName}`,
        Path: '/',
        RoleId: 'x',
        CreateDate: new Date(0),
      },
    }),
    ListRolePoliciesCommand: () => ({ PolicyNames: [], IsTruncated: false }),
    ListAttachedRolePoliciesCommand: () => ({ AttachedPolicies: [], IsTruncated: false }),
    GetBucketVersioningCommand: () => ({ Status: 'Enabled' }),
    GetBucketEncryptionCommand: () => ({
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    }),
  };
  const clients = new Map<string, unknown>();
  const factory = {
    calls: 0,
    byOperation: new Map<string, number>(),
    client(service: string, region: string) {
      const key = `${service}|${region}`;
      if (!clients.has(key)) {
        clients.set(key, {
          send: async (cmd: { constructor: { name: string }; input: Input }) => {
            factory.calls++;
            const op = cmd.constructor.name.replace(/Command$/, '');
            factory.byOperation.set(op, (factory.byOperation.get(op) ?? 0) + 1);
            await new Promise((r) => setTimeout(r, opts.latencyMs));
            const h = handlers[cmd.constructor.name];
            // every other list/describe of the account answers "nothing here"
            return h ? h(region, cmd.input) : {};
          },
        });
      }
      return clients.get(key);
    },
  };
  return factory as unknown as ClientFactory & { calls: number; byOperation: Map<string, number> };
}
