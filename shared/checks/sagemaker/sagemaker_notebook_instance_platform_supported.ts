import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, fail, manual, pass, unread } from '../lib/outcome.ts';

/** Deprecated notebook platform identifiers (Amazon Linux 1 and early Amazon Linux 2 / JupyterLab 1-3). */
export const DEPRECATED_PLATFORMS = ['notebook-al1-v1', 'notebook-al2-v1', 'notebook-al2-v2'];
export const SUPPORTED_PLATFORMS = ['notebook-al2-v3', 'notebook-al2023-v1'];

export default defineCheck({
  metadata: {
    id: 'sagemaker_notebook_instance_platform_supported',
    title: 'SageMaker notebook instances run on a supported platform',
    severity: 'MEDIUM',
    service: 'sagemaker',
    resourceType: 'sagemaker.notebook-instance',
    description:
      'Fails notebook instances on deprecated platform identifiers (notebook-al1-v1, notebook-al2-v1, notebook-al2-v2) (Security Hub SageMaker.8).',
    risk: 'Deprecated platforms no longer receive security patches for the OS, Jupyter and preinstalled ML libraries.',
    remediation: {
      text: 'Create a new notebook instance on notebook-al2023-v1 (or notebook-al2-v3) and migrate.',
      url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/nbi-al2.html',
      cli: 'aws sagemaker create-notebook-instance ... --platform-identifier notebook-al2023-v1',
      cdk: "new sagemaker.CfnNotebookInstance(this, 'NB', { platformIdentifier: 'notebook-al2023-v1', ... })",
    },
    types: [TYPES.bestPractice],
    mappings: maps(M.supplyChain),
    equivalents: { securityHub: ['SageMaker.8'] },
    categories: ['gen-ai', 'vulnerabilities'],
  },
  evaluate(nb) {
    const u = unread(nb, ['platformIdentifier']);
    if (u) return u;
    const p = nb.config.platformIdentifier;
    if (!p) return manual(`Notebook instance ${nb.name} reports no platform identifier.`);
    if (DEPRECATED_PLATFORMS.includes(p))
      return fail(`Notebook instance ${nb.name} runs on deprecated platform ${p}.`, { platformIdentifier: p });
    if (SUPPORTED_PLATFORMS.includes(p))
      return pass(`Notebook instance ${nb.name} runs on supported platform ${p}.`, { platformIdentifier: p });
    return manual(`Notebook instance ${nb.name} runs on platform ${p}, which this tool does not know; check its support status.`, {
      platformIdentifier: p,
    });
  },
});
