import { describe, expect, it } from 'vitest';
import { EC2_CHECKS } from '../../../shared/checks/ec2/index.ts';
import { InventoryGraph } from '../../../shared/assessment/graph.ts';
import { NOW, withConfig } from '../../fixtures/checks/builders.ts';
import { ec2Cases, ec2Instance } from '../../fixtures/checks/cases-ec2.ts';
import { describeChecks } from '../../fixtures/checks/run-cases.ts';

describeChecks(EC2_CHECKS, ec2Cases);

describe('ec2_ai_instance_model_server_ports_not_public reason', () => {
  it('names the instance, the rule and the ports with what listens there', () => {
    const check = EC2_CHECKS.find((c) => c.metadata.id === 'ec2_ai_instance_model_server_ports_not_public');
    const inst = withConfig(ec2Instance('ollama-playground'), {
      publicIpAddresses: ['54.1.2.3'],
      securityGroups: {
        'sg-1': {
          groupName: 'ollama-open',
          ingress: [
            {
              protocol: 'tcp',
              fromPort: 8000,
              toPort: 11434,
              ipv4Ranges: ['0.0.0.0/0'],
              ipv6Ranges: [],
              prefixListIds: [],
              sourceGroupIds: [],
            },
          ],
        },
      },
    });
    const r = check?.evaluate(inst as never, { graph: new InventoryGraph([inst], []), now: NOW, settings: {} });
    const o = Array.isArray(r) ? r[0] : r;
    expect(o?.status).toBe('FAIL');
    expect(o?.reason).toContain('ollama-playground (i-0123456789abcdef0)');
    expect(o?.reason).toContain('sg-1 (ollama-open) allows tcp 8000-11434 from 0.0.0.0/0');
    expect(o?.reason).toContain('11434 (Ollama)');
    expect(o?.reason).toContain('8265 (Ray dashboard)');
    expect(o?.reason).not.toContain('3000 (Open WebUI)');
  });
});
