import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_monitoring_schedule_network_isolation_enabled',
    title: 'SageMaker monitoring schedules have network isolation enabled',
    severity: 'MEDIUM',
    service: 'sagemaker',
    resourceType: 'sagemaker.monitoring-schedule',
    description: 'Checks that the monitoring job of the schedule runs with network isolation (Security Hub SageMaker.14).',
    risk: 'Monitoring jobs process captured inference traffic; with outbound network access a compromised container can exfiltrate it.',
    remediation: {
      text: 'Use a job definition (or inline monitoring job) with NetworkConfig.EnableNetworkIsolation=true.',
      url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/sagemaker-controls.html',
      cli: 'aws sagemaker update-monitoring-schedule --monitoring-schedule-name <name> --monitoring-schedule-config file://schedule-with-isolation.json',
      cdk: 'monitoringJobDefinition: { networkConfig: { enableNetworkIsolation: true }, ... }',
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.network, M.monitoring),
    equivalents: { securityHub: ['SageMaker.14'] },
    categories: ['gen-ai', 'monitoring', 'network'],
  },
  evaluate(s, ctx) {
    const u = unread(s, ['enableNetworkIsolation']);
    if (u) return u;
    let on = s.config.enableNetworkIsolation;
    if (on === null && s.config.jobDefinitionName) {
      const jd = ctx.graph
        .byType('sagemaker.job-definition', { accountId: s.accountId, region: s.region })
        .find((j) => j.name === s.config.jobDefinitionName);
      if (!jd || jd.config?.enableNetworkIsolation === undefined)
        return error(`Monitoring schedule ${s.name}: job definition ${s.config.jobDefinitionName} is not in the inventory.`);
      on = jd.config.enableNetworkIsolation;
    }
    if (on === null) return fail(`Monitoring schedule ${s.name} does not enable network isolation.`);
    if (!on) return fail(`Monitoring schedule ${s.name} does not have network isolation enabled.`);
    return pass(`Monitoring schedule ${s.name} has network isolation enabled.`);
  },
});
