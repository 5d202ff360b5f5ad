/**
 * What triggers a report run: an EventBridge `AI-SPM Scan Completed` event (detail: `{ accountId | accountIds, scanId?,
 * regions? }`) after a full scan, or a direct (on-demand) invocation with `{ accountIds?, runId? }`. Unknown shapes
 * fall back to the configured accounts (or every account with findings).
 */
export interface ReportRequest {
  accountIds: string[];
  runId?: string;
  trigger: 'scan-completed' | 'on-demand';
}

const ACCOUNT_RE = /^\d{12}$/;
const RUN_RE = /^[A-Za-z0-9._:-]{1,128}$/;

export function parseReportRequest(event: unknown, fallbackAccounts: string[] = []): ReportRequest {
  const e = (event && typeof event === 'object' ? event : {}) as Record<string, unknown>;
  const fromEventBridge = typeof e['detail-type'] === 'string' && e.detail && typeof e.detail === 'object';
  const body = (fromEventBridge ? e.detail : e) as Record<string, unknown>;
  const accounts = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string' && ACCOUNT_RE.test(v)) accounts.add(v);
  };
  add(body.accountId);
  if (Array.isArray(body.accountIds)) body.accountIds.forEach(add);
  // the envelope's account is where the event was published (the deployment account): only a fallback
  if (fromEventBridge && accounts.size === 0) add(e.account);
  if (accounts.size === 0) fallbackAccounts.forEach(add);
  const runIdRaw = body.scanId ?? body.runId;
  const runId = typeof runIdRaw === 'string' && RUN_RE.test(runIdRaw) ? runIdRaw : undefined;
  return { accountIds: [...accounts].sort(), runId, trigger: fromEventBridge ? 'scan-completed' : 'on-demand' };
}
