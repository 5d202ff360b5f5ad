import { internetExposure, MODEL_SERVER_PORTS } from '../lib/exposure.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'ec2_ai_instance_model_server_ports_not_public',
    title: 'Self-hosted AI instances do not expose model-server or ML-tooling ports to the internet',
    severity: 'CRITICAL',
    service: 'ec2',
    resourceType: 'ec2.instance',
    description:
      'Checks that no AI instance (accelerated family, ML image or model-server tag) with a public address has a security group rule from the internet covering the well-known ports of model servers and ML tools: Ollama 11434, vLLM / OpenAI-compatible 8000, TGI / llama.cpp 8080, Gradio 7860, Jupyter 8888, MLflow 5000, Ray dashboard 8265 and client 10001, TensorBoard 6006, Streamlit 8501, Open WebUI 3000, Triton 8001/8002 (all traffic and all-ports rules included). The internet is 0.0.0.0/0 or any other public IPv4 range of /8 or wider (0.0.0.0/1 + 128.0.0.0/1, 1.0.0.0/8: FAIL); a public IPv4 range /9 to /16 is MANUAL (broad: check who holds it); a narrower public range (an office, /17 or smaller) and private, shared (100.64/10), loopback and link-local ranges do not count. Every public IPv4 address of each network interface (of its primary and secondary private IPs, Elastic IPs included) is judged against the security groups of that interface; a group this account cannot see, an unresolved prefix list, or an IPv6 rule from ::/0 or any public IPv6 range of /32 or wider on an interface with IPv6 addresses (2000::/3 and ::/1 included; fc00::/7 and fe80::/10 do not count) is MANUAL, and so is an instance that is not running and has no public address but whose groups admit the ports from the internet (exposed when started). A stopped instance with an Elastic IP is judged as running (FAIL): the address stays with it.',
    risk: 'Model servers and ML tools ship without authentication by default. An internet-reachable Ollama API (CVE-2024-37032 "Probllama") or Ray dashboard (CVE-2023-48022 "ShadowRay") gives remote code execution, model theft or replacement, and free GPU inference for anyone scanning the internet (LLMjacking), plus the instance role credentials.',
    remediation: {
      text: 'Remove the 0.0.0.0/0 and ::/0 rules on these ports; put the service behind an internal load balancer or API gateway with authentication, or a VPN, and reach it for administration with SSM Session Manager port forwarding. Bind model servers to localhost when only local clients use them.',
      url: 'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html',
      cli: 'aws ec2 revoke-security-group-ingress --group-id <sg-id> --ip-permissions IpProtocol=tcp,FromPort=11434,ToPort=11434,IpRanges=[{CidrIp=0.0.0.0/0}]\naws ssm start-session --target <instance-id> --document-name AWS-StartPortForwardingSession --parameters portNumber=11434,localPortNumber=11434',
      cdk: "const sg = new ec2.SecurityGroup(this, 'ModelServer', { vpc }); sg.addIngressRule(ec2.Peer.securityGroupId(albSg.securityGroupId), ec2.Port.tcp(11434)); // never ec2.Peer.anyIpv4()",
    },
    types: [TYPES.bestPractice, TYPES.initialAccess, TYPES.resourceConsumption],
    mappings: maps({ owasp: ['LLM10', 'LLM03'], atlas: ['AML.T0049', 'AML.T0040', 'AML.T0034'] }, M.network, { nist: ['MANAGE 2.2'] }),
    equivalents: {
      prowler: ['ec2_securitygroup_allow_ingress_from_internet_to_any_port'],
      securityHub: ['EC2.18', 'EC2.19'],
    },
    categories: ['gen-ai', 'shadow-ai', 'network'],
  },
  evaluate: (inst) => internetExposure(inst, MODEL_SERVER_PORTS, 'model-server / ML-tooling ports'),
});
