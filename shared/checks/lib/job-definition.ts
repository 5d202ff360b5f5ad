import type { JobDefinitionConfig } from '../../domain/asset-config.ts';
import type { Check } from '../../domain/check.ts';
import type { Severity } from '../../domain/severity.ts';
import { M, maps, TYPES } from './mappings.ts';
import { defineCheck, fail, pass, unread } from './outcome.ts';

const KIND_LABEL: Record<JobDefinitionConfig['kind'], string> = {
  'data-quality': 'data quality',
  'model-quality': 'model quality',
  'model-bias': 'model bias',
  'model-explainability': 'model explainability',
};

const KIND_API: Record<JobDefinitionConfig['kind'], string> = {
  'data-quality': 'create-data-quality-job-definition',
  'model-quality': 'create-model-quality-job-definition',
  'model-bias': 'create-model-bias-job-definition',
  'model-explainability': 'create-model-explainability-job-definition',
};

/**
 * One Model Monitor job-definition control (Security Hub SageMaker.9-.25 family): a kind of job definition and the
 * property it must have. Job definitions of other kinds are not applicable (no result).
 */
export function jobDefinitionCheck(spec: {
  id: string;
  kind: JobDefinitionConfig['kind'];
  property: 'network-isolation' | 'intercontainer-encryption';
  securityHub: string;
  severity: Severity;
}): Check<'sagemaker.job-definition'> {
  const label = KIND_LABEL[spec.kind];
  const iso = spec.property === 'network-isolation';
  return defineCheck({
    metadata: {
      id: spec.id,
      title: `SageMaker ${label} job definitions ${iso ? 'have network isolation enabled' : 'encrypt inter-container traffic'}`,
      severity: spec.severity,
      service: 'sagemaker',
      resourceType: 'sagemaker.job-definition',
      description: `Checks that ${label} monitoring job definitions set ${iso ? 'NetworkConfig.EnableNetworkIsolation' : 'NetworkConfig.EnableInterContainerTrafficEncryption'} to true (Security Hub ${spec.securityHub}).`,
      risk: iso
        ? 'Monitoring jobs read captured inference data and baselines; with network access a tampered monitoring container can send that data out.'
        : 'Data exchanged between the nodes of a distributed monitoring job (captured inference data, statistics) travels unencrypted.',
      remediation: {
        text: `Recreate the ${label} job definition with NetworkConfig ${iso ? 'EnableNetworkIsolation=true' : 'EnableInterContainerTrafficEncryption=true'} and point the monitoring schedule at it.`,
        url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/sagemaker-controls.html',
        cli: `aws sagemaker ${KIND_API[spec.kind]} ... --network-config ${iso ? 'EnableNetworkIsolation=true' : 'EnableInterContainerTrafficEncryption=true'}`,
        cdk: `networkConfig: { ${iso ? 'enableNetworkIsolation: true' : 'enableInterContainerTrafficEncryption: true'} }`,
      },
      types: [TYPES.bestPractice],
      mappings: iso ? maps(M.network, M.monitoring) : maps(M.encryption, M.monitoring),
      equivalents: { securityHub: [spec.securityHub] },
      categories: ['gen-ai', 'monitoring', iso ? 'network' : 'encryption'],
    },
    evaluate(jd) {
      const u = unread(jd, ['kind']);
      if (u) return u;
      if (jd.config.kind !== spec.kind) return [];
      const field = iso ? 'enableNetworkIsolation' : 'enableInterContainerTrafficEncryption';
      const u2 = unread(jd, [field]);
      if (u2) return u2;
      const on = iso ? jd.config.enableNetworkIsolation : jd.config.enableInterContainerTrafficEncryption;
      if (!on)
        return fail(
          `The ${label} job definition ${jd.name} does not ${iso ? 'have network isolation enabled' : 'encrypt inter-container traffic'}.`,
        );
      return pass(`The ${label} job definition ${jd.name} ${iso ? 'has network isolation enabled' : 'encrypts inter-container traffic'}.`);
    },
  });
}
