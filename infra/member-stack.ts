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
import type { MemberSettings } from '../shared/config/settings.ts';
import { DISCOVERY_READ_ACTIONS } from './policies.ts';

/**
 * Synthesizes a plain template: no bootstrap-version parameter or rule, no bootstrap roles, no template upload (the
 * CLI sends the template inline and deploys with its own credentials). A member account needs no `cdk bootstrap`, and
 * the template can be handed to CloudFormation StackSets as is. The member stack has no assets.
 */
class PlainTemplateSynthesizer extends StackSynthesizer {
  addFileAsset(): FileAssetLocation {
    throw new Error('the AI-SPM member stack cannot hold file assets (it must deploy without a bootstrap bucket)');
  }

  addDockerImageAsset(): DockerImageAssetLocation {
    throw new Error('the AI-SPM member stack cannot hold container image assets');
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
 * The scan role of one member account: the role the central stack's discovery and delivery functions assume
 * (`targetRoleArns`). Read-only scan actions (the same list as the central discovery role: `docs/iam-scan-policy.json`
 * through `DISCOVERY_READ_ACTIONS`) plus the import of this account's findings into its own Security Hub.
 *
 * Deployable with `cdk deploy` or as a CloudFormation StackSet: it is environment-agnostic (account and region are
 * pseudo parameters) and needs no bootstrap (`PlainTemplateSynthesizer`).
 */
export class AiSpmMemberStack extends Stack {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: AiSpmMemberStackProps) {
    super(scope, id, { ...props, synthesizer: new PlainTemplateSynthesizer(), analyticsReporting: false });
    const { settings } = props;
    const securityHubRegion = settings.securityHubRegion ?? Aws.REGION;

    this.role = new Role(this, 'ScanRole', {
      roleName: settings.roleName,
      description:
        'AI-SPM: read-only scan of this account by the central AI-SPM stack (discovery), and import of its findings into the Security Hub of this account (delivery)',
      assumedBy: new CompositePrincipal(...settings.trustedPrincipalArns.map((arn) => new ArnPrincipal(arn))),
      externalIds: settings.externalId ? [settings.externalId] : undefined,
      maxSessionDuration: Duration.hours(1),
      inlinePolicies: {
        AispmScan: new PolicyDocument({
          statements: [
            new PolicyStatement({ sid: 'ScanReadOnly', actions: [...DISCOVERY_READ_ACTIONS], resources: ['*'] }),
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
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The scan’s read-only List/Get/Describe actions of Bedrock, Bedrock AgentCore, SageMaker, IAM, S3, Lambda, ECS, Secrets Manager (metadata only: DescribeSecret, never GetSecretValue), EC2 and CloudWatch Logs over every resource of the account, exactly docs/iam-scan-policy.json (the central discovery role’s policy); most List APIs support no resource-level permissions, s3:GetAccountPublicAccessBlock has no resource type, and kms:DescribeKey (key metadata only) runs on whatever keys the AI resources reference, unknown in advance.',
    });

    new CfnOutput(this, 'ScanRoleArn', {
      value: this.role.roleArn,
      description: 'Add to targetRoleArns of the central AI-SPM stack (aispm context)',
    });
  }
}
