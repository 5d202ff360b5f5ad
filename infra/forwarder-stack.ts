import { Aws, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { EventBus as EventBusTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { ForwarderSettings } from '../shared/config/settings.ts';
import { cloudTrailPatterns, FORWARDER_RULE_PREFIX } from './event-patterns.ts';
import { PlainTemplateSynthesizer } from './member-stack.ts';

export interface AiSpmForwarderStackProps extends Omit<StackProps, 'synthesizer'> {
  settings: ForwarderSettings;
}

/**
 * Forwards this account's CloudTrail write events of one region to the central stack's forwarded-events bus, so the
 * central discovery refreshes on them as it does on its own account's events in its own region:
 *
 * - rules on the default bus with the central stack's patterns (`cloudTrailPatterns()`, one rule per slice), each
 *   pinned to this account and region, so an event this bus received from elsewhere is never sent on (EventBridge
 *   itself does not send an event received from another account on to a third account, nor one bus's event received
 *   from another bus on to a third bus), named `aispm-forward-<n>` (the central bus admits only rules of that name);
 * - one role EventBridge assumes to deliver them: `events:PutEvents` on the central bus only.
 *
 * Deploy it in every scanned region of every member account and, for IAM (delivered in us-east-1 only), in us-east-1;
 * in the central account, in every region but the central stack's. Plain template (no bootstrap, no assets, account and
 * region from pseudo parameters): one template for every account and region, as a StackSet or with `cdk deploy`.
 */
export class AiSpmForwarderStack extends Stack {
  readonly role: Role;
  readonly rules: Rule[];

  constructor(scope: Construct, id: string, props: AiSpmForwarderStackProps) {
    super(scope, id, { ...props, synthesizer: new PlainTemplateSynthesizer(), analyticsReporting: false });
    const { settings } = props;
    const central = EventBus.fromEventBusArn(this, 'CentralBus', settings.centralBusArn);

    this.role = new Role(this, 'ForwardRole', {
      description: "AI-SPM: EventBridge delivers this account's CloudTrail write events to the central AI-SPM forwarded-events bus",
      assumedBy: new ServicePrincipal('events.amazonaws.com'),
      inlinePolicies: {
        AispmForward: new PolicyDocument({
          statements: [new PolicyStatement({ sid: 'PutOnCentralBus', actions: ['events:PutEvents'], resources: [settings.centralBusArn] })],
        }),
      },
    });
    // the target must not add its own statement (a separate AWS::IAM::Policy): the inline policy above is the whole grant
    const role = this.role.withoutPolicyUpdates();

    // cloudTrailPatterns() leaves room (PATTERN_RESERVE_CHARS) for the account and region pins
    this.rules = cloudTrailPatterns().map(
      (pattern, i) =>
        new Rule(this, `Forward${i + 1}`, {
          ruleName: `${FORWARDER_RULE_PREFIX}${i + 1}`,
          description: `AI-SPM: forward AI asset write events to the central AI-SPM stack (${pattern.detail.eventSource.join(', ')})`,
          eventPattern: {
            source: pattern.source,
            detailType: pattern['detail-type'],
            detail: pattern.detail,
            account: [Aws.ACCOUNT_ID],
            region: [Aws.REGION],
          },
          targets: [new EventBusTarget(central, { role })],
        }),
    );

    new CfnOutput(this, 'ForwardRoleArn', { value: this.role.roleArn, description: 'Role EventBridge uses to forward the events' });
    new CfnOutput(this, 'CentralBusArn', { value: settings.centralBusArn, description: 'Where the events go' });
  }
}
