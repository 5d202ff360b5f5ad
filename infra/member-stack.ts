import {
  Aws,
  CfnOutput,
  type DockerImageAssetLocation,
  Duration,
  type FileAssetLocation,
  type ISynthesisSession,
  Stack,
  type StackProps,
  StackSynthesizer,
  Validations,
} from 'aws-cdk-lib';
import { ArnPrincipal, CompositePrincipal, PolicyDocument, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { MAX_TRUST_POLICY_CHARS, type MemberSettings } from '../shared/config/settings.ts';
import { DISCOVERY_READ_ACTIONS } from './policies.ts';

/**
 * Synthesizes a plain template: no bootstrap-version parameter or rule, no bootstrap roles, no template upload (the
 * CLI sends the template inline and deploys with its own credentials). A member account needs no `cdk bootstrap`, and
 * the template can be handed to CloudFormation StackSets as is. The member and forwarder stacks have no assets.
 */
export class PlainTemplateSynthesizer extends StackSynthesizer {
  addFileAsset(): FileAssetLocation {
    throw new Error(
      'an AI-SPM member-account stack (AiSpmMember, AiSpmForwarder) cannot hold file assets (it must deploy without a bootstrap bucket)',
    );
  }

  addDockerImageAsset(): DockerImageAssetLocation {
    throw new Error('an AI-SPM member-account stack (AiSpmMember, AiSpmForwarder) cannot hold container image assets');
  }

  synthesize(session: ISynthesisSession): void {
    this.synthesizeTemplate(session);
    this.emitArtifact(session);
  }
}

export interface AiSpmMemberStackProps extends Omit<StackProps, 'env' | 'synthesizer'> {
  settings: MemberSettings;
}

/**
 * The two roles of one member account, one per central principal, each with only what that principal needs:
 *
 * - the scan role (`targetRoleArns` of the central stack), trusted by the central discovery role only: the read-only
 *   scan actions (the same list as the central discovery role: `docs/iam-scan-policy.json` through
 *   `DISCOVERY_READ_ACTIONS`), nothing that writes;
 * - the import role (`targetImportRoleName`), trusted by the central delivery role only: `securityhub:BatchImportFindings`
 *   into this account's own default product, nothing that reads.
 *
 * So the delivery role cannot read the account, and discovery (which processes CloudTrail events an attacker in the
 * account can influence) cannot write findings into its Security Hub.
 *
 * Deployable with `cdk deploy` or as a CloudFormation StackSet: it is environment-agnostic (account and region are
 * pseudo parameters) and needs no bootstrap (`PlainTemplateSynthesizer`).
 */
export class AiSpmMemberStack extends Stack {
  readonly role: Role;
  readonly importRole: Role;

  constructor(scope: Construct, id: string, props: AiSpmMemberStackProps) {
    super(scope, id, { ...props, synthesizer: new PlainTemplateSynthesizer(), analyticsReporting: false });
    const { settings } = props;
    const securityHubRegion = settings.securityHubRegion ?? Aws.REGION;
    const trustedBy = (arns: string[]) => new CompositePrincipal(...arns.map((arn) => new ArnPrincipal(arn)));
    const externalIds = settings.externalId ? [settings.externalId] : undefined;

    this.role = new Role(this, 'ScanRole', {
      roleName: settings.roleName,
      description: 'AI-SPM: read-only scan of this account by the central AI-SPM stack (discovery)',
      assumedBy: trustedBy(settings.discoveryPrincipalArns),
      externalIds,
      maxSessionDuration: Duration.hours(1),
      inlinePolicies: {
        AispmScan: new PolicyDocument({
          statements: [new PolicyStatement({ sid: 'ScanReadOnly', actions: [...DISCOVERY_READ_ACTIONS], resources: ['*'] })],
        }),
      },
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The scan’s read-only actions, exactly docs/iam-scan-policy.json (the central discovery role’s policy), over every resource of the account: most List APIs support no resource-level permissions, s3:GetAccountPublicAccessBlock has no resource type, kms:DescribeKey runs on whatever keys the AI resources reference, and the Bedrock invocation-log group is whatever the account’s logging configuration names. Not metadata only: logs:StartQuery/GetQueryResults can query any log group (the scan runs one stats query, counts by model and identity, on the invocation-log group; it never reads or copies prompt or response text), and lambda:GetFunctionConfiguration and ecs:DescribeTaskDefinition return environment values (scanned in memory for AI provider hosts and key formats; only variable names are stored). Secrets Manager: DescribeSecret, never GetSecretValue. No write action.',
    });

    this.importRole = new Role(this, 'ImportRole', {
      roleName: settings.importRoleName,
      description: 'AI-SPM: import of the findings of this account into its own Security Hub by the central AI-SPM stack (delivery)',
      assumedBy: trustedBy(settings.deliveryPrincipalArns),
      externalIds,
      maxSessionDuration: Duration.hours(1),
      inlinePolicies: {
        AispmImport: new PolicyDocument({
          statements: [
            // functions/deliver/handler.ts imports a member account's findings with this role: with the default product
            // ARN, Security Hub only accepts findings whose AwsAccountId is the caller's account.
            new PolicyStatement({
              sid: 'SecurityHubImportOwnFindings',
              actions: ['securityhub:BatchImportFindings'],
              resources: [`arn:${Aws.PARTITION}:securityhub:${securityHubRegion}:${Aws.ACCOUNT_ID}:product/${Aws.ACCOUNT_ID}/default`],
            }),
          ],
        }),
      },
    });

    for (const role of [this.role, this.importRole]) {
      // IAM rejects a trust policy above its quota only at deploy time, in every member account: check the rendered one here.
      this.node.addValidation({
        validate: () => {
          const chars = JSON.stringify(this.resolve(role.assumeRolePolicy?.toJSON())).length;
          return chars > MAX_TRUST_POLICY_CHARS
            ? [
                `the trust policy of ${role.node.id} renders to ${chars} characters, above IAM's default quota of ${MAX_TRUST_POLICY_CHARS} ('Role trust policy length'): trust fewer principals or use a shorter externalId`,
              ]
            : [];
        },
      });
    }

    new CfnOutput(this, 'ScanRoleArn', {
      value: this.role.roleArn,
      description: 'Add to targetRoleArns of the central AI-SPM stack (aispm context)',
    });
    new CfnOutput(this, 'ImportRoleArn', {
      value: this.importRole.roleArn,
      description: 'Its name is targetImportRoleName of the central AI-SPM stack (aispm context)',
    });
  }
}
