import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, manual, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrockagentcore_gateway_inbound_authorization_enabled',
    title: 'Bedrock AgentCore gateways authorize inbound requests',
    severity: 'HIGH',
    service: 'bedrockagentcore',
    resourceType: 'bedrock-agentcore.gateway',
    description:
      'Fails when the gateway authorizer type is NONE (as Security Hub does), and also when a CUSTOM_JWT authorizer restricts neither audience, client, scope nor claims (any token of the issuer is accepted). AWS_IAM and restricted JWT pass; AUTHENTICATE_ONLY passes only with a policy engine in ENFORCE mode and is MANUAL otherwise (authorization offloaded to interceptors or targets).',
    risk: 'A gateway exposes the tools of its targets (Lambda functions, APIs, MCP servers) as one MCP endpoint. Without inbound authorization anyone who can reach the URL can list and invoke those tools with the gateway credentials: data access, actions in other systems and cost.',
    remediation: {
      text: 'Use AWS_IAM or CUSTOM_JWT inbound authorization with allowed audiences or clients; with AUTHENTICATE_ONLY attach a Cedar policy engine in ENFORCE mode. The authorizer type of an existing gateway is changed with UpdateGateway.',
      url: 'https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/gateway-inbound-auth.html',
      cli: 'aws bedrock-agentcore-control update-gateway --gateway-identifier <id> --name <name> --role-arn <role> --protocol-type MCP --authorizer-type CUSTOM_JWT --authorizer-configuration \'{"customJWTAuthorizer":{"discoveryUrl":"<issuer>/.well-known/openid-configuration","allowedClients":["<client-id>"]}}\'',
      cdk: "new bedrockagentcore.CfnGateway(this, 'Gateway', { authorizerType: 'AWS_IAM', protocolType: 'MCP', ... })",
    },
    types: [TYPES.bestPractice, TYPES.initialAccess],
    mappings: maps(M.access, M.privilege, { owasp: ['LLM06'], atlas: ['AML.T0049', 'AML.T0053'] }),
    equivalents: { securityHub: ['BedrockAgentCore.2'] },
    categories: ['gen-ai', 'agents', 'access'],
  },
  evaluate(g) {
    const u = unread(g, ['authorizerType', 'jwtAuthorizer', 'policyEngineMode', 'interceptorCount']);
    if (u) return u;
    const { authorizerType: type, jwtAuthorizer: jwt, policyEngineMode: engine, interceptorCount } = g.config;
    const evidence = { authorizerType: type, policyEngineMode: engine, interceptorCount };
    if (type === 'NONE') return fail(`Gateway ${g.name} accepts inbound requests without any authorization (authorizer NONE).`, evidence);
    if (type === 'AWS_IAM') return pass(`Gateway ${g.name} authorizes callers with IAM (SigV4).`, evidence);
    if (type === 'CUSTOM_JWT') {
      if (!jwt) return manual(`Gateway ${g.name} uses a JWT authorizer whose configuration was not reported; review it.`, evidence);
      const restrictions = jwt.allowedAudiences + jwt.allowedClients + jwt.allowedScopes + jwt.customClaims;
      if (restrictions === 0)
        return fail(`Gateway ${g.name} accepts any JWT its issuer signs: no allowed audience, client, scope or claim is configured.`, {
          ...evidence,
          discoveryUrl: jwt.discoveryUrl,
        });
      return pass(`Gateway ${g.name} requires a JWT from ${jwt.discoveryUrl} with restricted audience, clients, scopes or claims.`, {
        ...evidence,
        discoveryUrl: jwt.discoveryUrl,
      });
    }
    if (type === 'AUTHENTICATE_ONLY') {
      if (engine === 'ENFORCE')
        return pass(`Gateway ${g.name} authenticates callers and enforces authorization with its policy engine.`, evidence);
      return manual(
        `Gateway ${g.name} authenticates callers but makes no authorization decision (policy engine ${engine ?? 'none'}, ${interceptorCount} interceptor(s)); confirm that its interceptors or targets authorize every call.`,
        evidence,
      );
    }
    return manual(`Gateway ${g.name} reports authorizer type ${type}, which this check does not know; review it.`, evidence);
  },
});
