import type { AgentCoreGatewayTarget } from '../../domain/asset-config.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, manual, pass, unread } from '../lib/outcome.ts';

/** Target types whose calls go to a network endpoint that must authenticate the gateway itself. */
const ENDPOINT_TYPES = new Set(['MCP_SERVER', 'OPEN_API_SCHEMA', 'PASSTHROUGH', 'PROVIDER']);
/** Signed with IAM (the gateway role) or run by AWS-managed connectors: not judged. */
const NOT_JUDGED = new Set(['LAMBDA', 'SMITHY_MODEL', 'AGENTCORE_RUNTIME', 'CONNECTOR', 'HTTP_CONNECTOR']);
/**
 * Judged: the endpoint types, API Gateway stages (which may authorize callers by their own policy) and any type this
 * check does not know (a newer target kind, or one not read): those two are MANUAL without credentials, never PASS.
 */
const judgedType = (t: AgentCoreGatewayTarget) => !NOT_JUDGED.has(t.targetType);

const label = (t: AgentCoreGatewayTarget) => `${t.name} (${t.targetType})`;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
/**
 * An AWS service endpoint, which verifies the SigV4 signature of the gateway role: `<service>[.<region>].amazonaws.com`
 * (`.cn`), optionally with `dualstack`, an S3 bucket or a SageMaker runtime prefix (`<bucket>.s3.<region>...`,
 * `runtime.sagemaker.<region>...`), or `<service>[.<region>|.global].api.aws`. Customer hosts under amazonaws.com (load
 * balancers `*.elb.amazonaws.com`, EC2 public names `ec2-*.compute-1.amazonaws.com`, API Gateway / AppSync / RDS /
 * OpenSearch / VPC-endpoint names, which carry a resource label before the service or region), other names under
 * api.aws and Lambda function URLs (`*.lambda-url.<region>.on.aws`: with AuthType NONE the function accepts anyone,
 * and the check does not see the AuthType) are not: whoever runs them decides whether the signature is checked.
 */
const awsHost = (origin: string): boolean => {
  let h: string;
  try {
    h = new URL(origin).hostname.toLowerCase();
  } catch {
    return false;
  }
  const api = /^(.*)\.api\.aws$/.exec(h);
  if (api) {
    const [service, where, ...more] = api[1].split('.');
    if (more.length > 0 || !/^[a-z0-9-]+$/.test(service)) return false;
    return where === undefined || where === 'global' || REGION.test(where);
  }
  const m = /^(.*)\.amazonaws\.com(\.cn)?$/.exec(h);
  if (!m) return false;
  const labels = m[1].split('.');
  if (labels.length > 1 && REGION.test(labels[labels.length - 1])) labels.pop();
  if (labels.length > 1 && labels[labels.length - 1] === 'dualstack') labels.pop();
  const [service, ...rest] = labels.reverse();
  if (!/^[a-z0-9-]+$/.test(service) || service.startsWith('ec2-')) return false;
  if (rest.length === 0) return true;
  if (rest.length > 1) return false;
  return service === 's3' || (service === 'sagemaker' && /^[a-z0-9-]*runtime$/.test(rest[0]));
};
/**
 * Targets that sign for their endpoints with the gateway role only, and where: `hosts` outside AWS (no one there is
 * known to check SigV4), or `unread` endpoints (e.g. an OpenAPI schema in S3: the host is unknown).
 */
const iamOnlyUnverified = (t: AgentCoreGatewayTarget): { hosts: string[]; unread: boolean } => {
  const d = t.detail;
  const none = { hosts: [], unread: false };
  if (!d || !ENDPOINT_TYPES.has(t.targetType) || d.credentialTypes.length === 0) return none;
  if (!d.credentialTypes.every((c) => c === 'GATEWAY_IAM_ROLE')) return none;
  return { hosts: d.endpoints.filter((e) => !awsHost(e)), unread: d.endpointsUnread };
};
/** A Lambda function URL: it verifies the signature only when its AuthType is AWS_IAM, which the check does not see. */
const lambdaUrl = (e: string): boolean => {
  try {
    return /\.lambda-url\.[a-z0-9-]+\.on\.aws$/.test(new URL(e).hostname.toLowerCase());
  } catch {
    return false;
  }
};
const where = (t: AgentCoreGatewayTarget): string => {
  const { hosts, unread } = iamOnlyUnverified(t);
  return `${label(t)} at ${[...hosts, ...(unread ? ['endpoints not read'] : [])].join(', ')}`;
};

export default defineCheck({
  metadata: {
    id: 'bedrockagentcore_gateway_target_outbound_auth_configured',
    title: 'Bedrock AgentCore gateway targets authenticate to the endpoints they call',
    severity: 'HIGH',
    service: 'bedrockagentcore',
    resourceType: 'bedrock-agentcore.gateway',
    description:
      'For the targets that call a network endpoint (MCP server, OpenAPI, passthrough and inference provider targets), fails when a target has no outbound credential provider configuration: the gateway calls the endpoint without credentials, so the endpoint accepts anyone. An API Gateway target, or a target type this check does not know, without credentials is MANUAL (the stage may authorize callers by resource policy). Lambda, Smithy, AgentCore Runtime and connector targets are signed with IAM or managed by AWS and are not judged; a gateway with none of the judged targets gives no result. A target that signs with the gateway IAM role (GATEWAY_IAM_ROLE) only is MANUAL when its endpoints were not read or one is not an AWS service endpoint (`<service>[.<region>].amazonaws.com`, an S3 bucket or SageMaker runtime name there, `<service>[.<region>].api.aws`; customer hosts under amazonaws.com such as load balancers `*.elb.amazonaws.com`, EC2 names `ec2-*.compute-1.amazonaws.com` or API Gateway `*.execute-api.*`, other names under api.aws and Lambda function URLs `*.lambda-url.<region>.on.aws`, whose AuthType (NONE accepts anyone) the check does not see, are not): that host is not known to verify the signature. A target that could not be read is ERROR.',
    risk: 'The gateway authorizes inbound callers and its policy engine decides which tools they may call, but a tool endpoint that needs no credentials can be called directly by anyone who reaches it, bypassing both: data and actions behind the tool are open.',
    remediation: {
      text: 'Give every such target an OAuth (client credentials) or API key credential provider from AgentCore Identity, or GATEWAY_IAM_ROLE signing for AWS-hosted endpoints, and make the endpoint reject unauthenticated calls.',
      url: 'https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_CredentialProviderConfiguration.html',
      cli: 'aws bedrock-agentcore-control update-gateway-target --gateway-identifier <id> --target-id <target> --name <name> --target-configuration file://target.json --credential-provider-configurations \'[{"credentialProviderType":"OAUTH","credentialProvider":{"oauthCredentialProvider":{"providerArn":"<provider-arn>","scopes":["<scope>"]}}}]\'',
      cdk: "new bedrockagentcore.CfnGatewayTarget(this, 'Target', { credentialProviderConfigurations: [{ credentialProviderType: 'OAUTH', ... }], ... })",
    },
    types: [TYPES.bestPractice, TYPES.initialAccess],
    mappings: maps(M.access, M.secrets, { owasp: ['LLM06'], atlas: ['AML.T0049', 'AML.T0053'] }),
    equivalents: {},
    categories: ['gen-ai', 'agents', 'access'],
  },
  evaluate(g) {
    const u = unread(g, ['targets']);
    if (u || !g.config.targets) return u ?? error(`Gateway ${g.name}: its targets were not read.`);
    const judged = g.config.targets.filter(judgedType);
    if (judged.length === 0) return [];
    const bare = judged.filter((t) => t.detail && t.detail.credentialTypes.length === 0);
    const open = bare.filter((t) => ENDPOINT_TYPES.has(t.targetType));
    const unreadTargets = judged.filter((t) => !t.detail).map(label);
    const evidence = {
      targets: judged.map((t) => ({ name: t.name, targetType: t.targetType, credentialTypes: t.detail?.credentialTypes ?? null })),
      ...(unreadTargets.length ? { unreadTargets, collectionErrors: g.collectionErrors ?? [] } : {}),
    };
    if (open.length > 0)
      return fail(`Gateway ${g.name} calls ${open.map(label).join(', ')} without any credentials.`, {
        ...evidence,
        withoutCredentials: open.map((t) => t.name),
      });
    if (unreadTargets.length > 0)
      return error(
        `Gateway ${g.name}: target(s) ${unreadTargets.join(', ')} could not be read, so their outbound credentials are unknown.`,
        evidence,
      );
    if (bare.length > 0)
      return manual(
        `Gateway ${g.name} calls ${bare.map(label).join(', ')} without credentials; confirm that the target authorizes its callers itself (an API Gateway stage by its own authorizer or resource policy).`,
        { ...evidence, withoutCredentials: bare.map((t) => t.name) },
      );
    const sigV4Elsewhere = judged.filter((t) => {
      const x = iamOnlyUnverified(t);
      return x.hosts.length > 0 || x.unread;
    });
    const toLambdaUrl = sigV4Elsewhere.some((t) => iamOnlyUnverified(t).hosts.some(lambdaUrl));
    if (sigV4Elsewhere.length > 0)
      return manual(
        `Gateway ${g.name} signs its calls to ${sigV4Elsewhere.map(where).join('; ')} with the gateway IAM role (SigV4) only; a host that is not an AWS service endpoint (or whose endpoints were not read) is not known to verify that signature${toLambdaUrl ? ' (a Lambda function URL verifies it only with AuthType AWS_IAM; with NONE it accepts anyone)' : ''}: confirm it authenticates the gateway, or give the target an OAuth or API key credential provider.`,
        { ...evidence, iamRoleToNonAwsHosts: sigV4Elsewhere.map((t) => t.name) },
      );
    return pass(`Gateway ${g.name} sends credentials with every call to ${judged.map(label).join(', ')}.`, evidence);
  },
});
