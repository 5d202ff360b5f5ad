import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_monitoring_schedule_intercontainer_encryption_enabled',
    title: 'SageMaker monitoring schedules encrypt inter-container traffic',
    severity: 'MEDIUM',
    service: 'sagemaker',
    resourceType: 'sagemaker.monitoring-schedule',
    description: 'Checks that the monitoring job of the schedule encrypts inter-container traffic (Security Hub SageMaker.22).',
    risk: 'Captured inference data exchanged between monitoring nodes travels unencrypted.',
    remediation: {
      text: 'Use a job definition (or inline monitoring job) with NetworkConfig.EnableInterContainerTrafficEncryption=true.',
      url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/sagemaker-controls.html',
      cli: 'aws sagemaker update-monitoring-schedule --monitoring-schedule-name <name> --monitoring-schedule-config file://schedule-encrypted.json',
      cdk: 'monitoringJobDefinition: { networkConfig: { enableInterContainerTrafficEncryption: true }, ... }',
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.encryption, M.monitoring),
    equivalents: { securityHub: ['SageMaker.22'] },
    categories: ['gen-ai', 'monitoring', 'encryption'],
  },
  evaluate(s, ctx) {
    const u = unread(s, ['enableInterContainerTrafficEncryption']);
    if (u) return u;
    let on = s.config.enableInterContainerTrafficEncryption;
    if (on === null && s.config.jobDefinitionName) {
      const jd = ctx.graph
        .byType('sagemaker.job-definition', { accountId: s.accountId, region: s.region })
        .find((j) => j.name === s.config.jobDefinitionName);
      if (!jd || jd.config?.enableInterContainerTrafficEncryption === undefined)
        return error(`Monitoring schedule ${s.name}: job definition ${s.config.jobDefinitionName} is not in the inventory.`);
      on = jd.config.enableInterContainerTrafficEncryption;
    }
    if (!on) return fail(`Monitoring schedule ${s.name} does not encrypt inter-container traffic.`);
    return pass(`Monitoring schedule ${s.name} encrypts inter-container traffic.`);
  },
});
