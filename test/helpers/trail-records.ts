/** CloudTrail management-event records for look-back tests (the shape CloudTrail writes in `CloudTrailEvent`). */

export const TEST_ACCOUNT = '111122223333';

let seq = 0;

export function trailRecord(
  eventName: string,
  t: Date | string,
  o: { user?: string; region?: string; source?: string; req?: Record<string, unknown>; error?: string; account?: string; id?: string } = {},
): Record<string, unknown> {
  const account = o.account ?? TEST_ACCOUNT;
  const user = o.user ?? 'stolen-key-user';
  seq++;
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: `AIDA${String(seq).padStart(8, '0')}`,
      arn: `arn:aws:iam::${account}:user/${user}`,
      accountId: account,
      userName: user,
    },
    eventTime: typeof t === 'string' ? t : t.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: o.source ?? 'bedrock.amazonaws.com',
    eventName,
    awsRegion: o.region ?? 'us-east-1',
    sourceIPAddress: `198.51.100.${seq % 250}`,
    userAgent: 'Boto3/1.35.0',
    requestParameters: o.req ?? null,
    responseElements: null,
    requestID: `req-${seq}`,
    eventID: o.id ?? `evt-${String(seq).padStart(6, '0')}`,
    readOnly: /^(Get|List)/.test(eventName),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
    ...(o.error ? { errorCode: o.error, errorMessage: 'denied' } : {}),
  };
}

/** An LLMjacking reconnaissance burst by one identity: 12 distinct discovery calls 20 s apart, starting at `t0`. */
export function reconBurst(t0: Date, o: { user?: string; region?: string } = {}): Record<string, unknown>[] {
  const names = [
    'ListFoundationModels',
    'GetFoundationModelAvailability',
    'ListFoundationModelAgreementOffers',
    'GetUseCaseForModelAccess',
    'ListProvisionedModelThroughputs',
    'GetModelInvocationLoggingConfiguration',
    'ListInferenceProfiles',
    'ListCustomModels',
    'ListImportedModels',
    'ListGuardrails',
    'GetFoundationModel',
    'ListModelInvocationJobs',
  ];
  return names.map((n, i) => trailRecord(n, new Date(t0.getTime() + i * 20_000), o));
}

/** A LookupEvents `Event` carrying a record (or a raw malformed string). */
export function lookupEvent(rec: Record<string, unknown> | string): Record<string, unknown> {
  if (typeof rec === 'string') return { EventId: `raw-${rec.length}`, EventName: 'ListFoundationModels', CloudTrailEvent: rec };
  return {
    EventId: rec.eventID,
    EventName: rec.eventName,
    EventSource: rec.eventSource,
    EventTime: new Date(String(rec.eventTime)),
    CloudTrailEvent: JSON.stringify(rec),
  };
}
