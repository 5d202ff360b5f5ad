import { ADMIN_PORTS, internetExposure } from '../lib/exposure.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'ec2_ai_instance_admin_ports_not_public',
    title: 'Self-hosted AI instances do not expose SSH or RDP to the internet',
    severity: 'HIGH',
    service: 'ec2',
    resourceType: 'ec2.instance',
    description:
      'Checks that no AI instance with a public address has a security group rule from the internet covering SSH (22) or RDP (3389), including all-traffic and all-ports rules. The internet is 0.0.0.0/0 or any other public IPv4 range of /8 or wider (0.0.0.0/1 + 128.0.0.0/1, 1.0.0.0/8: FAIL); a public IPv4 range /9 to /16 is MANUAL (broad: check who holds it); a narrower public range (an office, /17 or smaller) and private, shared (100.64/10), loopback and link-local ranges do not count. Every public IPv4 address of each network interface (of its primary and secondary private IPs, Elastic IPs included) is judged against the security groups of that interface; a group this account cannot see, an unresolved prefix list, or an IPv6 rule from ::/0 or any public IPv6 range of /32 or wider on an interface with IPv6 addresses (2000::/3 and ::/1 included; fc00::/7 and fe80::/10 do not count) is MANUAL, and so is an instance that is not running and has no public address but whose groups admit the ports from the internet (exposed when started). A stopped instance with an Elastic IP is judged as running (FAIL): the address stays with it.',
    risk: 'GPU instances are prime targets for credential stuffing and brute force: a foothold gives the models and weights on disk, the instance role credentials, and paid accelerator time (cryptomining, LLMjacking).',
    remediation: {
      text: 'Remove the internet-wide SSH/RDP rules and use SSM Session Manager (no inbound port) or EC2 Instance Connect Endpoint; if SSH must stay, restrict it to a VPN or bastion range.',
      url: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html',
      cli: 'aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port 22 --cidr 0.0.0.0/0\naws ssm start-session --target <instance-id>',
      cdk: "sg.addIngressRule(ec2.Peer.ipv4('10.0.0.0/8'), ec2.Port.tcp(22)); // or no SSH rule at all with SSM Session Manager",
    },
    types: [TYPES.bestPractice, TYPES.initialAccess],
    mappings: maps(M.network, { atlas: ['AML.T0012'] }),
    equivalents: {
      prowler: ['ec2_instance_port_ssh_exposed_to_internet', 'ec2_instance_port_rdp_exposed_to_internet'],
      securityHub: ['EC2.13', 'EC2.14'],
    },
    categories: ['gen-ai', 'shadow-ai', 'network'],
  },
  evaluate: (inst) => internetExposure(inst, ADMIN_PORTS, 'SSH / RDP ports'),
});
