import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, manual, pass, unread } from '../lib/outcome.ts';

/** Cleartext schemes: the request, its credentials and the tool results cross the network unencrypted. */
const CLEARTEXT = new Set(['http:', 'ws:']);
const ENCRYPTED = new Set(['https:', 'wss:']);
const scheme = (origin: string) => `${origin.split('//')[0]}`;
/** Target kinds whose endpoints discovery reads (MCP server, OpenAPI `servers`, passthrough, inference provider). */
const ENDPOINT_TYPES = new Set(['MCP_SERVER', 'OPEN_API_SCHEMA', 'PASSTHROUGH', 'PROVIDER']);
/** Target kinds that call no endpoint of their own (AWS invokes them: Lambda, Smithy, API Gateway, runtime, connectors). */
const NO_ENDPOINT = new Set(['LAMBDA', 'SMITHY_MODEL', 'API_GATEWAY', 'AGENTCORE_RUNTIME', 'CONNECTOR', 'HTTP_CONNECTOR']);

export default defineCheck({
  metadata: {
    id: 'bedrockagentcore_gateway_target_endpoint_https',
    title: 'Bedrock AgentCore gateway targets call their endpoints over HTTPS',
    severity: 'HIGH',
    service: 'bedrockagentcore',
    resourceType: 'bedrock-agentcore.gateway',
    description:
      'Fails when a target of the gateway calls an endpoint over plain http:// (or ws://): MCP server, passthrough and inference provider endpoints, and the `servers` of inline OpenAPI schemas. OpenAPI `servers` are read at the top level and on paths and operations, from JSON or YAML; a schema whose servers may be incomplete or were not fully understood (a YAML construct the reader does not know, a path item by `$ref`, an operation with no server, more than 500 paths or 200 distinct URLs) counts as not read. An OpenAPI schema stored in S3 is not read, nor is a target kind this check does not know (MANUAL); a target that could not be read is ERROR; targets that call no endpoint of their own (Lambda, Smithy, API Gateway, AgentCore Runtime, connectors; by the listed type even when their read failed) are not judged, and a gateway with only those gives no result. Only the scheme and host of endpoints are recorded.',
    risk: 'Over cleartext HTTP the outbound credentials (OAuth tokens, API keys), the tool arguments the model produced from user data and the tool results can be read and altered on the network path: credential theft and tool-output injection into the agent.',
    remediation: {
      text: 'Serve the endpoint over HTTPS and update the target (or its OpenAPI `servers`) to the https:// URL; reach private endpoints through a VPC Lattice resource or managed VPC resource with TLS.',
      url: 'https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_UpdateGatewayTarget.html',
      cli: 'aws bedrock-agentcore-control update-gateway-target --gateway-identifier <id> --target-id <target> --name <name> --target-configuration \'{"mcp":{"mcpServer":{"endpoint":"https://<host>/mcp"}}}\' --credential-provider-configurations file://creds.json',
      cdk: "new bedrockagentcore.CfnGatewayTarget(this, 'Target', { targetConfiguration: { mcp: { mcpServer: { endpoint: 'https://...' } } }, ... })",
    },
    types: [TYPES.bestPractice, TYPES.credentialAccess],
    mappings: maps(M.network, M.secrets, { owasp: ['LLM02', 'LLM06'], atlas: ['AML.T0055'] }),
    equivalents: {},
    categories: ['gen-ai', 'agents', 'network'],
  },
  evaluate(g) {
    const u = unread(g, ['targets']);
    if (u || !g.config.targets) return u ?? error(`Gateway ${g.name}: its targets were not read.`);
    // targets with no endpoint of their own are not judged, by the listing's type even when their read failed
    const targets = g.config.targets.filter((t) => !NO_ENDPOINT.has(t.targetType));
    const unreadTargets = targets.filter((t) => !t.detail).map((t) => t.name);
    const read = targets.flatMap((t) => (t.detail ? [{ t, d: t.detail }] : []));
    // a kind this check does not know is judged too: with no endpoint found, its endpoints are unknown (MANUAL)
    const unknownKind = (targetType: string) => !ENDPOINT_TYPES.has(targetType);
    const withEndpoints = read.filter(({ t, d }) => d.endpoints.length > 0 || d.endpointsUnread || unknownKind(t.targetType));
    if (withEndpoints.length === 0 && unreadTargets.length === 0) return [];
    const endpoints = withEndpoints.map(({ t, d }) => ({ name: t.name, targetType: t.targetType, endpoints: d.endpoints }));
    const cleartext = withEndpoints.filter(({ d }) => d.endpoints.some((e) => CLEARTEXT.has(scheme(e))));
    const evidence = { targets: endpoints, ...(unreadTargets.length ? { unreadTargets, collectionErrors: g.collectionErrors ?? [] } : {}) };
    if (cleartext.length > 0) {
      const where = cleartext.map(({ t, d }) => `${t.name} (${d.endpoints.filter((e) => CLEARTEXT.has(scheme(e))).join(', ')})`);
      return fail(`Gateway ${g.name} calls target endpoints over cleartext HTTP: ${where.join('; ')}.`, evidence);
    }
    if (unreadTargets.length > 0)
      return error(`Gateway ${g.name}: target(s) ${unreadTargets.join(', ')} could not be read, so their endpoints are unknown.`, evidence);
    const unknown = withEndpoints.filter(
      ({ t, d }) =>
        d.endpointsUnread || d.endpoints.some((e) => !ENCRYPTED.has(scheme(e))) || (unknownKind(t.targetType) && d.endpoints.length === 0),
    );
    if (unknown.length > 0)
      return manual(
        `Gateway ${g.name}: the endpoints of ${unknown.map(({ t }) => `${t.name} (${t.targetType})`).join(', ')} are not all known (an OpenAPI schema in S3 or not fully read, an unrecognised URL, or a target kind this check does not know); confirm they use HTTPS.`,
        evidence,
      );
    return pass(`Gateway ${g.name} calls every target endpoint over HTTPS.`, evidence);
  },
});
