import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListRolePoliciesCommand,
  ListServiceSpecificCredentialsCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { runCollector } from '../../../shared/collectors/context.ts';
import { bedrockApiKeys, describeRole, describeUser, keyListUnread } from '../../../shared/collectors/iam.ts';
import type { IamPrincipalConfig } from '../../../shared/domain/asset-config.ts';
import { ACCOUNT, awsError, testEnv, testRun } from '../../fixtures/discovery/env.ts';

const iam = mockClient(IAMClient);
afterEach(() => iam.reset());
const enc = (d: unknown) => encodeURIComponent(JSON.stringify(d));

describe('Bedrock API keys', () => {
  it('lists service-specific credentials for bedrock across all users (Marker pagination)', async () => {
    iam
      .on(ListServiceSpecificCredentialsCommand, { Marker: undefined })
      .resolves({
        ServiceSpecificCredentials: [
          {
            UserName: 'u1',
            ServiceSpecificCredentialId: 'C1',
            Status: 'Active',
            CreateDate: new Date('2025-01-01'),
            ServiceName: 'bedrock.amazonaws.com',
          } as never,
        ],
        IsTruncated: true,
        Marker: 'm',
      })
      .on(ListServiceSpecificCredentialsCommand, { Marker: 'm' })
      .resolves({
        ServiceSpecificCredentials: [
          {
            UserName: 'u2',
            ServiceSpecificCredentialId: 'C2',
            Status: 'Inactive',
            CreateDate: new Date('2026-01-01'),
            ExpirationDate: new Date('2026-02-01'),
            ServiceName: 'bedrock.amazonaws.com',
          } as never,
        ],
        IsTruncated: false,
      });
    const out = await runCollector(bedrockApiKeys, testEnv(), 'global');
    expect(iam.commandCalls(ListServiceSpecificCredentialsCommand)[0].args[0].input).toMatchObject({
      ServiceName: 'bedrock.amazonaws.com',
      AllUsers: true,
    });
    expect(out.drafts.map((d) => d.config)).toEqual([
      expect.objectContaining({
        userName: 'u1',
        credentialId: 'C1',
        status: 'Active',
        expirationDate: null,
        createDate: '2025-01-01T00:00:00.000Z',
      }),
      expect.objectContaining({ userName: 'u2', credentialId: 'C2', status: 'Inactive', expirationDate: '2026-02-01T00:00:00.000Z' }),
    ]);
    expect(out.drafts[0].relationships).toEqual([
      { kind: 'owned-by', targetId: `arn:aws:iam::${ACCOUNT}:user/u1`, targetType: 'iam.user' },
    ]);
    expect(out.drafts[0].region).toBe('global');
  });
});

describe('execution roles', () => {
  it('reads trust principals and effective inline + managed policies (managed documents cached per scan)', async () => {
    iam.on(GetRoleCommand).resolves({
      Role: {
        RoleName: 'r',
        Arn: `arn:aws:iam::${ACCOUNT}:role/svc/r`,
        Path: '/svc/',
        RoleId: 'x',
        CreateDate: new Date(),
        AssumeRolePolicyDocument: enc({
          Statement: [{ Effect: 'Allow', Principal: { Service: 'bedrock.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      },
    });
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['inline1'], IsTruncated: false });
    iam.on(GetRolePolicyCommand).resolves({
      RoleName: 'r',
      PolicyName: 'inline1',
      PolicyDocument: enc({ Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } }),
    });
    iam.on(ListAttachedRolePoliciesCommand).resolves({
      AttachedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
      IsTruncated: false,
    });
    iam.on(GetPolicyCommand).resolves({ Policy: { DefaultVersionId: 'v3' } });
    iam
      .on(GetPolicyVersionCommand)
      .resolves({ PolicyVersion: { Document: enc({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) } });
    const run = testRun('iam.role', 'global');
    const d = await describeRole(run, `arn:aws:iam::${ACCOUNT}:role/svc/r`, ['agent-1']);
    await describeRole(run, `arn:aws:iam::${ACCOUNT}:role/svc/r`, ['agent-2']);
    expect(iam.commandCalls(GetPolicyVersionCommand)).toHaveLength(1);
    expect(d?.config).toMatchObject({
      trustedPrincipals: ['bedrock.amazonaws.com'],
      usedBy: ['agent-1'],
      policies: [
        { name: 'inline1', kind: 'inline', statements: [{ effect: 'Allow', actions: ['s3:*'], resources: ['*'], hasCondition: false }] },
        { name: 'AdministratorAccess', kind: 'aws-managed', statements: [{ actions: ['*'], resources: ['*'] }] },
      ],
    });
  });

  it('denied policy reads leave policies unknown and record a gap', async () => {
    iam
      .on(GetRoleCommand)
      .resolves({ Role: { RoleName: 'r', Arn: `arn:aws:iam::${ACCOUNT}:role/r`, Path: '/', RoleId: 'x', CreateDate: new Date() } });
    iam.on(ListRolePoliciesCommand).rejects(awsError('AccessDenied', 'denied', 403));
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    const run = testRun('iam.role', 'global');
    const d = await describeRole(run, `arn:aws:iam::${ACCOUNT}:role/r`, []);
    expect(d).not.toBeNull();
    expect((d?.config as { policies?: unknown } | undefined)?.policies).toBeUndefined();
    expect(d?.collectionErrors).toEqual(['role policies: AccessDenied']);
    expect(run.gaps[0]).toMatchObject({ service: 'iam', errorCode: 'AccessDenied' });
  });

  it('GetRole answered: a not-found from a policy read (a policy detached and deleted meanwhile) is a read error, never "role gone"', async () => {
    iam
      .on(GetRoleCommand)
      .resolves({ Role: { RoleName: 'r', Arn: `arn:aws:iam::${ACCOUNT}:role/r`, Path: '/', RoleId: 'x', CreateDate: new Date() } });
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
    iam
      .on(ListAttachedRolePoliciesCommand)
      .resolves({ AttachedPolicies: [{ PolicyName: 'team', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/team` }] });
    iam.on(GetPolicyCommand).rejects(awsError('NoSuchEntity', 'policy gone', 404));
    const run = testRun('iam.role', 'global');
    const d = await describeRole(run, `arn:aws:iam::${ACCOUNT}:role/r`, []);
    expect(d).not.toBeNull();
    expect((d?.config as { policies?: unknown } | undefined)?.policies).toBeUndefined();
    expect(d?.collectionErrors).toEqual(['role policies: NoSuchEntity']);
    expect(run.partial).toBe(true);
  });

  it('GetRole answered, then a policy list answers NoSuchEntity: GetRole is asked again, and the role is gone only if it says so', async () => {
    const role = { RoleName: 'r', Arn: `arn:aws:iam::${ACCOUNT}:role/r`, Path: '/', RoleId: 'x', CreateDate: new Date() };
    iam
      .on(GetRoleCommand)
      .resolvesOnce({ Role: role })
      .rejects(awsError('NoSuchEntity', 'gone', 404));
    iam.on(ListRolePoliciesCommand).rejects(awsError('NoSuchEntity', 'gone', 404));
    iam.on(ListAttachedRolePoliciesCommand).rejects(awsError('NoSuchEntity', 'gone', 404));
    expect(await describeRole(testRun('iam.role', 'global'), `arn:aws:iam::${ACCOUNT}:role/r`, [])).toBeNull();
    expect(iam.commandCalls(GetRoleCommand)).toHaveLength(2);
    // still there when asked again: a read error
    iam.reset();
    iam.on(GetRoleCommand).resolves({ Role: role });
    iam.on(ListRolePoliciesCommand).rejects(awsError('NoSuchEntity', 'gone', 404));
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    const d = await describeRole(testRun('iam.role', 'global'), `arn:aws:iam::${ACCOUNT}:role/r`, []);
    expect(d?.collectionErrors).toEqual(['role policies: NoSuchEntity']);
    expect(iam.commandCalls(GetRoleCommand)).toHaveLength(2);
  });

  it('a role that no longer exists yields null', async () => {
    iam.on(GetRoleCommand).rejects(awsError('NoSuchEntity', 'gone', 404));
    expect(await describeRole(testRun('iam.role', 'global'), `arn:aws:iam::${ACCOUNT}:role/gone`, [])).toBeNull();
  });
});

describe('permissions boundaries', () => {
  const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/dev-boundary`;
  const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
  const roleWith = (boundaryArn?: string) =>
    iam.on(GetRoleCommand).resolves({
      Role: {
        RoleName: 'r',
        Arn: `arn:aws:iam::${ACCOUNT}:role/r`,
        Path: '/',
        RoleId: 'x',
        CreateDate: new Date(),
        ...(boundaryArn
          ? { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: boundaryArn } }
          : {}),
      },
    });
  const adminAttached = () => {
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
    iam.on(ListAttachedRolePoliciesCommand).resolves({
      AttachedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }],
      IsTruncated: false,
    });
    iam.on(GetPolicyCommand).resolves({ Policy: { DefaultVersionId: 'v1' } });
    iam
      .on(GetPolicyVersionCommand, { PolicyArn: ADMIN })
      .resolves({ PolicyVersion: { Document: enc({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) } });
  };

  it("reads a role's boundary document through the cached managed-policy path (GetPolicy default version)", async () => {
    roleWith(BOUNDARY);
    adminAttached();
    iam.on(GetPolicyCommand, { PolicyArn: BOUNDARY }).resolves({ Policy: { DefaultVersionId: 'v7' } });
    iam
      .on(GetPolicyVersionCommand, { PolicyArn: BOUNDARY, VersionId: 'v7' })
      .resolves({ PolicyVersion: { Document: enc({ Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '*' }] }) } });
    const run = testRun('iam.role', 'global');
    const d = await describeRole(run, `arn:aws:iam::${ACCOUNT}:role/r`, ['agent-1']);
    await describeRole(run, `arn:aws:iam::${ACCOUNT}:role/r`, ['agent-2']);
    expect(d?.config).toMatchObject({
      policies: [{ name: 'AdministratorAccess' }],
      permissionsBoundary: {
        arn: BOUNDARY,
        statements: [{ effect: 'Allow', actions: ['bedrock:InvokeModel'], resources: ['*'], hasCondition: false }],
      },
    });
    // read once per scan, like an attached managed policy
    expect(iam.commandCalls(GetPolicyVersionCommand, { PolicyArn: BOUNDARY })).toHaveLength(1);
    expect(d?.collectionErrors).toBeUndefined();
    expect(run.gaps).toEqual([]);
  });

  it('a role without a boundary records null (read: none), and reads no extra policy', async () => {
    roleWith(undefined);
    adminAttached();
    const run = testRun('iam.role', 'global');
    const d = await describeRole(run, `arn:aws:iam::${ACCOUNT}:role/r`, []);
    expect(d?.config).toHaveProperty('permissionsBoundary', null);
    expect(iam.commandCalls(GetPolicyCommand).map((c) => c.args[0].input.PolicyArn)).toEqual([ADMIN]);
  });

  it('an unreadable boundary document keeps the ARN with statements unread, a collection error and a gap', async () => {
    roleWith(BOUNDARY);
    adminAttached();
    iam.on(GetPolicyCommand, { PolicyArn: BOUNDARY }).rejects(awsError('AccessDenied', 'denied', 403));
    const run = testRun('iam.role', 'global');
    const d = await describeRole(run, `arn:aws:iam::${ACCOUNT}:role/r`, []);
    const config = d?.config as { policies?: unknown[]; permissionsBoundary?: { arn: string; statements?: unknown } };
    expect(config.policies).toHaveLength(1);
    expect(config.permissionsBoundary).toEqual({ arn: BOUNDARY, statements: undefined });
    expect(d?.collectionErrors).toEqual(['permissions boundary: AccessDenied']);
    expect(run.gaps[0]).toMatchObject({ service: 'iam', operation: 'GetPolicy/GetPolicyVersion', errorCode: 'AccessDenied' });
    expect(run.partial).toBe(true);
  });

  it('a boundary version without a document is unread, not an empty boundary that would cap everything', async () => {
    roleWith(BOUNDARY);
    adminAttached();
    iam.on(GetPolicyVersionCommand, { PolicyArn: BOUNDARY }).resolves({ PolicyVersion: { VersionId: 'v1' } });
    const d = await describeRole(testRun('iam.role', 'global'), `arn:aws:iam::${ACCOUNT}:role/r`, []);
    expect(d?.config).toHaveProperty('permissionsBoundary', { arn: BOUNDARY, statements: undefined });
    expect(d?.collectionErrors).toEqual(['permissions boundary: NoPolicyDocument']);
  });

  describe('users (GetUser)', () => {
    /** ListGroupsForUser answers one page of the given groups (their policy reads left as mocked). */
    const listsGroupsForUser = (...names: string[]) =>
      iam.on(ListGroupsForUserCommand).resolves({
        Groups: names.map((GroupName) => ({
          GroupName,
          GroupId: 'AGPAX',
          Arn: `arn:aws:iam::${ACCOUNT}:group/${GroupName}`,
          Path: '/',
          CreateDate: new Date(),
        })),
        IsTruncated: false,
      });
    /** A user read whose policies are unread: its groups recorded and its one collection error. */
    const expectPoliciesUnread = (d: Awaited<ReturnType<typeof describeUser>>, groups: string[], error: string) => {
      expect(d?.config).toHaveProperty('policies', undefined);
      expect(d?.config).toHaveProperty('groups', groups);
      expect(d?.collectionErrors).toEqual([error]);
    };
    const userParts = (boundaryArn?: string) => {
      iam.on(GetUserCommand).resolves({
        User: {
          UserName: 'ci-bot',
          UserId: 'AIDA',
          Arn: `arn:aws:iam::${ACCOUNT}:user/ci-bot`,
          Path: '/',
          CreateDate: new Date(),
          ...(boundaryArn
            ? { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: boundaryArn } }
            : {}),
        },
      });
      iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
      iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }] });
      iam.on(ListGroupsForUserCommand).resolves({ Groups: [] });
      iam.on(GetPolicyCommand).resolves({ Policy: { DefaultVersionId: 'v1' } });
      iam
        .on(GetPolicyVersionCommand, { PolicyArn: ADMIN })
        .resolves({ PolicyVersion: { Document: enc({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) } });
    };

    it("reads the user's boundary", async () => {
      userParts(BOUNDARY);
      iam
        .on(GetPolicyVersionCommand, { PolicyArn: BOUNDARY })
        .resolves({ PolicyVersion: { Document: enc({ Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '*' }] }) } });
      const d = await describeUser(testRun('iam.user', 'global'), 'ci-bot', ['key-1']);
      expect(iam.commandCalls(GetUserCommand)[0].args[0].input).toEqual({ UserName: 'ci-bot' });
      expect(d?.config).toMatchObject({
        policies: [{ name: 'AdministratorAccess' }],
        permissionsBoundary: { arn: BOUNDARY, statements: [{ actions: ['bedrock:InvokeModel'] }] },
      });
    });

    it("records GetUser's UserId; a scan's usedBy is kept as given (no key listing)", async () => {
      userParts(undefined);
      const d = await describeUser(testRun('iam.user', 'global'), 'ci-bot', ['key-1']);
      expect(d?.config).toMatchObject({ userId: 'AIDA', usedBy: ['key-1'] });
      expect(iam.commandCalls(ListServiceSpecificCredentialsCommand)).toHaveLength(0);
    });

    it("an event refresh's usedBy is the Bedrock API keys IAM lists under the user's name now", async () => {
      userParts(undefined);
      iam.on(ListServiceSpecificCredentialsCommand).resolves({
        ServiceSpecificCredentials: [
          {
            ServiceSpecificCredentialId: 'K2',
            UserName: 'ci-bot',
            Status: 'Active',
            CreateDate: new Date(),
            ServiceName: 'bedrock.amazonaws.com',
          },
        ],
        IsTruncated: false,
      });
      const d = await describeUser(testRun('iam.user', 'global'), 'ci-bot', ['stored-key'], { listKeys: true, storedUserId: 'AIDA' });
      expect(iam.commandCalls(ListServiceSpecificCredentialsCommand)[0].args[0].input).toEqual({
        UserName: 'ci-bot',
        ServiceName: 'bedrock.amazonaws.com',
        Marker: undefined,
      });
      expect(d?.config).toMatchObject({ userId: 'AIDA', usedBy: [`aispm:iam.bedrock-api-key:${ACCOUNT}:global:K2`] });
      expect(d?.collectionErrors).toBeUndefined();
    });

    it('key list unread: the stored usedBy is kept only for the same UserId (a collection error says why)', async () => {
      userParts(undefined);
      iam.on(ListServiceSpecificCredentialsCommand).rejects(awsError('AccessDenied', 'denied', 403));
      const same = testRun('iam.user', 'global');
      const d = await describeUser(same, 'ci-bot', ['stored-key'], { listKeys: true, storedUserId: 'AIDA' });
      expect(d?.config).toMatchObject({ usedBy: ['stored-key'] });
      expect(d?.collectionErrors).toEqual(['ListServiceSpecificCredentials: AccessDenied']);
      expect(same.partial).toBe(true);
      // another user of that name (a reused name) or an unknown one (stored before UserId): no usedBy carried
      const other = await describeUser(testRun('iam.user', 'global'), 'ci-bot', ['stored-key'], { listKeys: true, storedUserId: 'AIDB' });
      expect(other?.config).toMatchObject({ usedBy: [] });
      expect(other?.collectionErrors).toEqual(['ListServiceSpecificCredentials: AccessDenied']);
      const unknown = await describeUser(testRun('iam.user', 'global'), 'ci-bot', ['stored-key'], { listKeys: true });
      expect(unknown?.config).toMatchObject({ usedBy: [] });
      // every such draft is marked as read without its key list (the caller writes unproven keys' owner facts unread)
      for (const x of [d, other, unknown]) expect(x && keyListUnread.has(x)).toBe(true);
    });

    it("key list unread: a rename source's keys (alsoStored) are kept only for the same UserId", async () => {
      userParts(undefined);
      iam.on(ListServiceSpecificCredentialsCommand).rejects(awsError('AccessDenied', 'denied', 403));
      const keys = (userId: string) => ({ listKeys: true as const, alsoStored: [{ userId, usedBy: ['old-name-key'] }] });
      const same = await describeUser(testRun('iam.user', 'global'), 'ci-bot', [], keys('AIDA'));
      expect(same?.config).toMatchObject({ usedBy: ['old-name-key'] });
      const other = await describeUser(testRun('iam.user', 'global'), 'ci-bot', [], keys('AIDB'));
      expect(other?.config).toMatchObject({ usedBy: [] });
    });

    it('key list read: the draft is not marked unread', async () => {
      userParts(undefined);
      iam.on(ListServiceSpecificCredentialsCommand).resolves({ ServiceSpecificCredentials: [], IsTruncated: false });
      const d = await describeUser(testRun('iam.user', 'global'), 'ci-bot', ['stored-key'], { listKeys: true, storedUserId: 'AIDA' });
      expect(d?.config).toMatchObject({ usedBy: [] });
      expect(d && keyListUnread.has(d)).toBe(false);
    });

    it("records GetUser's ARN, its path included, in config.arn; the asset id stays the ARN without a path", async () => {
      userParts(undefined);
      iam.on(GetUserCommand).resolves({
        User: {
          UserName: 'ci-bot',
          UserId: 'AIDA',
          Arn: `arn:aws:iam::${ACCOUNT}:user/developers/ci-bot`,
          Path: '/developers/',
          CreateDate: new Date(),
        },
      });
      const d = await describeUser(testRun('iam.user', 'global'), 'ci-bot', ['key-1']);
      expect(d?.id).toBe(`arn:aws:iam::${ACCOUNT}:user/ci-bot`);
      expect(d?.config).toHaveProperty('arn', `arn:aws:iam::${ACCOUNT}:user/developers/ci-bot`);
    });

    it('no boundary: null', async () => {
      userParts(undefined);
      const d = await describeUser(testRun('iam.user', 'global'), 'ci-bot', ['key-1']);
      expect(d?.config).toHaveProperty('permissionsBoundary', null);
    });

    it('a denied GetUser records the boundary as unknown (arn null) and a gap; policies are still read', async () => {
      userParts(undefined);
      iam.on(GetUserCommand).rejects(awsError('AccessDenied', 'denied', 403));
      const run = testRun('iam.user', 'global');
      const d = await describeUser(run, 'ci-bot', ['key-1']);
      // an explicit marker: an absent field is a user stored before boundaries were read (judged like none)
      expect(d?.config).toHaveProperty('permissionsBoundary', { arn: null, statements: undefined });
      expect(d?.config).toHaveProperty('policies', [expect.objectContaining({ name: 'AdministratorAccess' })]);
      expect(d?.collectionErrors).toEqual(['GetUser: AccessDenied']);
      expect(run.gaps[0]).toMatchObject({ service: 'iam', operation: 'GetUser', errorCode: 'AccessDenied' });
    });

    it('an unreadable user boundary document keeps the ARN, statements unread', async () => {
      userParts(BOUNDARY);
      iam.on(GetPolicyVersionCommand, { PolicyArn: BOUNDARY }).rejects(awsError('AccessDenied', 'denied', 403));
      const d = await describeUser(testRun('iam.user', 'global'), 'ci-bot', ['key-1']);
      expect(d?.config).toHaveProperty('permissionsBoundary', { arn: BOUNDARY, statements: undefined });
      expect(d?.collectionErrors).toEqual(['permissions boundary: AccessDenied']);
    });

    describe('groups', () => {
      const group = (GroupName: string) => ({
        GroupName,
        GroupId: `AGPA${GroupName}`,
        Arn: `arn:aws:iam::${ACCOUNT}:group/${GroupName}`,
        Path: '/',
        CreateDate: new Date(),
      });
      const inGroups = (...names: string[]) => {
        iam.on(ListGroupsForUserCommand).resolves({ Groups: names.map(group), IsTruncated: false });
        iam.on(ListGroupPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
        iam.on(ListAttachedGroupPoliciesCommand).resolves({ AttachedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }] });
      };

      it("records the names of the user's groups, sorted; a user in no group gets no groups field (config and hash as before)", async () => {
        userParts(undefined);
        inGroups('ml-team', 'Analysts', 'data-eng');
        const d = await describeUser(testRun('iam.user', 'global'), 'ci-bot', ['key-1']);
        expect(d?.config).toHaveProperty('groups', ['Analysts', 'data-eng', 'ml-team']);
        expect((d?.config as IamPrincipalConfig | undefined)?.policies.map((p) => p.name)).toEqual([
          'AdministratorAccess',
          'ml-team/AdministratorAccess',
          'Analysts/AdministratorAccess',
          'data-eng/AdministratorAccess',
        ]);
        expect(d?.collectionErrors).toBeUndefined();
        // in no group: no groups field (an absent field is not hashed); GetUser's UserId is recorded
        inGroups();
        const none = await describeUser(testRun('iam.user', 'global'), 'ci-bot', ['key-1']);
        expect(Object.keys(none?.config ?? {}).sort()).toEqual(['arn', 'permissionsBoundary', 'policies', 'usedBy', 'userId']);
      });

      it('a group list read while a policy read failed is recorded; an unreadable group list is not "no groups"', async () => {
        userParts(undefined);
        inGroups('analysts');
        iam.on(ListAttachedGroupPoliciesCommand).rejects(awsError('AccessDenied', 'denied', 403));
        const d = await describeUser(testRun('iam.user', 'global'), 'ci-bot', ['key-1']);
        // a policy change of the group then finds the user, whose policies are unread
        expectPoliciesUnread(d, ['analysts'], 'user policies: AccessDenied');
        // the group list itself denied: policies unread, no groups field, a collection error and a gap (never "in no group")
        iam.on(ListGroupsForUserCommand).rejects(awsError('AccessDenied', 'denied', 403));
        const run = testRun('iam.user', 'global');
        const unread = await describeUser(run, 'ci-bot', ['key-1']);
        expect(unread?.config).toHaveProperty('policies', undefined);
        expect(unread?.config).not.toHaveProperty('groups');
        expect(unread?.collectionErrors).toEqual(['user policies: AccessDenied']);
        expect(run.partial).toBe(true);
        expect(run.gaps[0]).toMatchObject({ service: 'iam', errorCode: 'AccessDenied' });
      });
    });

    it('own policy read failed, group list read: the groups are recorded, policies unread', async () => {
      userParts(undefined);
      listsGroupsForUser('analysts');
      iam.on(ListUserPoliciesCommand).rejects(awsError('AccessDenied', 'denied', 403));
      const d = await describeUser(testRun('iam.user', 'global'), 'ci-bot', ['key-1']);
      expectPoliciesUnread(d, ['analysts'], 'user policies: AccessDenied');
    });

    it('GetUser answered: a not-found from a group or policy read is a read error (policies unread, a gap), never "user gone"', async () => {
      userParts(undefined);
      listsGroupsForUser('analysts');
      // the group renamed or deleted since ListGroupsForUser
      const groupGone = () => awsError('NoSuchEntity', 'The group with name analysts cannot be found.', 404);
      iam.on(ListGroupPoliciesCommand).rejects(groupGone());
      iam.on(ListAttachedGroupPoliciesCommand).rejects(groupGone());
      const run = testRun('iam.user', 'global');
      const d = await describeUser(run, 'ci-bot', ['key-1']);
      expect(d).not.toBeNull();
      expectPoliciesUnread(d, ['analysts'], 'user policies: NoSuchEntity');
      expect(run.partial).toBe(true);
      expect(run.gaps[0]).toMatchObject({ service: 'iam', errorCode: 'NoSuchEntity' });
      // a managed policy detached and deleted while it was read (GetPolicy NoSuchEntity), in a user with no group
      iam.reset();
      userParts(undefined);
      iam.on(GetPolicyCommand).rejects(awsError('NoSuchEntity', 'policy gone', 404));
      const d2 = await describeUser(testRun('iam.user', 'global'), 'ci-bot', ['key-1']);
      expect(d2).not.toBeNull();
      expect(d2?.config).toHaveProperty('policies', undefined);
      expect(d2?.collectionErrors).toEqual(['user policies: NoSuchEntity']);
    });

    it('GetUser answered, then its own lists answer NoSuchEntity: GetUser is asked again, and the user is gone only if it says so', async () => {
      userParts(undefined);
      const user = { UserName: 'ci-bot', UserId: 'AIDA', Arn: `arn:aws:iam::${ACCOUNT}:user/ci-bot`, Path: '/', CreateDate: new Date() };
      const gone = () => {
        iam.on(ListUserPoliciesCommand).rejects(awsError('NoSuchEntity', 'gone', 404));
        iam.on(ListAttachedUserPoliciesCommand).rejects(awsError('NoSuchEntity', 'gone', 404));
        iam.on(ListGroupsForUserCommand).rejects(awsError('NoSuchEntity', 'gone', 404));
      };
      // DeleteUser between GetUser and the lists: the second GetUser answers NoSuchEntity
      gone();
      iam
        .on(GetUserCommand)
        .resolvesOnce({ User: user })
        .rejects(awsError('NoSuchEntity', 'gone', 404));
      const run = testRun('iam.user', 'global');
      expect(await describeUser(run, 'ci-bot', [])).toBeNull();
      expect(iam.commandCalls(GetUserCommand)).toHaveLength(2);
      expect(run.gaps).toEqual([]);
      // the second GetUser answers (IAM's eventual consistency, or a user of that name again): a read error
      iam.reset();
      userParts(undefined);
      gone();
      const run2 = testRun('iam.user', 'global');
      const d = await describeUser(run2, 'ci-bot', []);
      expect(d).not.toBeNull();
      expect(d?.config).toHaveProperty('policies', undefined);
      expect(d?.collectionErrors).toEqual(['user policies: NoSuchEntity']);
      expect(iam.commandCalls(GetUserCommand)).toHaveLength(2);
      // the second GetUser fails otherwise (throttled): not a deletion either; its gap is recorded
      iam.reset();
      userParts(undefined);
      gone();
      iam
        .on(GetUserCommand)
        .resolvesOnce({ User: user })
        .rejects(awsError('Throttling', 'slow down', 400));
      const run3 = testRun('iam.user', 'global');
      const d3 = await describeUser(run3, 'ci-bot', []);
      expect(d3?.collectionErrors).toEqual(['user policies: NoSuchEntity']);
      expect(run3.gaps.map((g) => [g.operation, g.errorCode])).toEqual([
        ['GetUser', 'Throttling'],
        ['ListUserPolicies/GetUserPolicy', 'NoSuchEntity'],
      ]);
      // a read failing otherwise (denied) asks nothing again
      iam.reset();
      userParts(undefined);
      iam.on(ListUserPoliciesCommand).rejects(awsError('AccessDenied', 'denied', 403));
      expect((await describeUser(testRun('iam.user', 'global'), 'ci-bot', []))?.collectionErrors).toEqual(['user policies: AccessDenied']);
      expect(iam.commandCalls(GetUserCommand)).toHaveLength(1);
    });

    it("GetUser failed (not not-found) and the user's own lists answer NoSuchEntity: the user is gone (null)", async () => {
      userParts(undefined);
      iam.on(GetUserCommand).rejects(awsError('Throttling', 'slow down', 400));
      iam.on(ListUserPoliciesCommand).rejects(awsError('NoSuchEntity', 'gone', 404));
      iam.on(ListAttachedUserPoliciesCommand).rejects(awsError('NoSuchEntity', 'gone', 404));
      iam.on(ListGroupsForUserCommand).rejects(awsError('NoSuchEntity', 'gone', 404));
      expect(await describeUser(testRun('iam.user', 'global'), 'ci-bot', [])).toBeNull();
      // ... but not when only a policy read answers NoSuchEntity (the user's group list was read)
      iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
      iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }] });
      iam.on(ListGroupsForUserCommand).resolves({ Groups: [] });
      iam.on(GetPolicyCommand).rejects(awsError('NoSuchEntity', 'policy gone', 404));
      const d = await describeUser(testRun('iam.user', 'global'), 'ci-bot', []);
      expect(d).not.toBeNull();
      expect(d?.config).toHaveProperty('policies', undefined);
    });

    it('a user that no longer exists (GetUser NoSuchEntity) yields null', async () => {
      userParts(undefined);
      iam.on(GetUserCommand).rejects(awsError('NoSuchEntity', 'gone', 404));
      expect(await describeUser(testRun('iam.user', 'global'), 'ci-bot', [])).toBeNull();
    });
  });
});
