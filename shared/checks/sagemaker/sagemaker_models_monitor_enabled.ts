import { gapsFor } from '../lib/context.ts';
import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, pass } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'sagemaker_models_monitor_enabled',
    title: 'SageMaker endpoints are watched by Model Monitor',
    severity: 'LOW',
    service: 'sagemaker',
    resourceType: 'sagemaker.endpoint',
    description:
      'Checks through the asset graph that at least one monitoring schedule (data quality, model quality, bias or explainability) monitors the endpoint.',
    risk: 'Unmonitored models drift or get poisoned silently: quality, bias and data problems reach users before anyone notices.',
    remediation: {
      text: 'Create a monitoring schedule (at least data quality) for the endpoint with a baseline.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor.html',
      cli: 'aws sagemaker create-monitoring-schedule --monitoring-schedule-name <name> --monitoring-schedule-config file://schedule.json',
      cdk: "new sagemaker.CfnMonitoringSchedule(this, 'Monitor', { monitoringScheduleName, monitoringScheduleConfig: { monitoringJobDefinitionName, monitoringType: 'DataQuality', scheduleConfig: { scheduleExpression: 'cron(0 * ? * * *)' } } })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.monitoring, { owasp: ['LLM04'] }),
    equivalents: { prowler: ['sagemaker_models_monitor_enabled'] },
    categories: ['gen-ai', 'monitoring'],
  },
  evaluate(ep, ctx) {
    const schedules = ctx.graph
      .byType('sagemaker.monitoring-schedule', { accountId: ep.accountId, region: ep.region })
      .filter((s) => s.config?.endpointName === ep.name || s.relationships.some((r) => r.kind === 'monitors' && r.targetId === ep.id));
    if (schedules.length > 0) return pass(`Endpoint ${ep.name} is monitored by ${schedules.map((s) => s.name).join(', ')}.`);
    if (gapsFor(ctx.graph, ep, 'sagemaker').length > 0)
      return error(`SageMaker in ${ep.region} could not be fully read, so monitoring schedules of ${ep.name} may be missing.`);
    return fail(`No Model Monitor schedule monitors endpoint ${ep.name}.`);
  },
});
