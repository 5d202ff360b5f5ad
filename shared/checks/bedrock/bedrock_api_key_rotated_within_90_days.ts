import { M, maps, TYPES } from '../lib/mappings.ts';
import { defineCheck, error, fail, pass, unread } from '../lib/outcome.ts';

export default defineCheck({
  metadata: {
    id: 'bedrock_api_key_rotated_within_90_days',
    title: 'Active Bedrock API keys are younger than 90 days',
    severity: 'MEDIUM',
    service: 'bedrock',
    resourceType: 'iam.bedrock-api-key',
    description: 'Fails an active Bedrock API key created more than 90 days ago (setting `apiKeyMaxAgeDays`).',
    risk: 'Old bearer keys have had more chances to leak and are rarely tracked; they keep working long after the person or project that created them is gone.',
    remediation: {
      text: 'Rotate the key: create a new one (with an expiry), switch callers, then delete the old key.',
      url: 'https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html',
      cli: 'aws iam create-service-specific-credential --user-name <user> --service-name bedrock.amazonaws.com --credential-age-days 30 && aws iam delete-service-specific-credential --user-name <user> --service-specific-credential-id <old-id>',
      cdk: '// rotate outside CDK: keys are credentials, not infrastructure',
    },
    types: [TYPES.bestPractice, TYPES.credentialAccess],
    mappings: maps(M.secrets),
    equivalents: {},
    categories: ['gen-ai', 'credentials'],
  },
  evaluate(key, ctx) {
    const u = unread(key, ['status', 'createDate']);
    if (u) return u;
    const maxDays = typeof ctx.settings.apiKeyMaxAgeDays === 'number' ? ctx.settings.apiKeyMaxAgeDays : 90;
    const created = Date.parse(key.config.createDate);
    if (Number.isNaN(created)) return error(`Bedrock API key ${key.name} has an unreadable creation date.`);
    const ageDays = Math.floor((ctx.now.getTime() - created) / 86_400_000);
    const createDate = key.config.createDate;
    if (key.config.status !== 'Active') return pass(`Bedrock API key ${key.name} is ${key.config.status}.`);
    // Reason and evidence name the creation date, not the age, so an open finding does not change every day.
    if (ageDays > maxDays)
      return fail(`Active Bedrock API key ${key.name} was created on ${createDate}, more than ${maxDays} days ago.`, {
        createDate,
        maxDays,
      });
    return pass(`Active Bedrock API key ${key.name} was created on ${createDate}, within ${maxDays} days.`, { createDate, maxDays });
  },
});
