/**
 * Approve or retake a processed photo, under the same rules the photos service enforces
 * (domain/photo/approval.ts): a failing check disables "approve" and says why; a check that can
 * misfire may be approved as an exception with a reason picked from the fixed list (recorded);
 * warnings need the operator to tick that they looked at them.
 */
import { useState } from 'react';
import {
  approvalRequirements,
  overrideReasonLabels,
  type ApprovalRequest,
  type OverrideReason,
} from '../../domain/photo/approval';
import { photoCheckLabels, type PhotoCheck, type PhotoCheckId } from '../../domain/photo/checks';

const both = (text: { ja: string; en: string }) => `${text.ja} / ${text.en}`;
const names = (checks: readonly PhotoCheck[], lang: 'ja' | 'en') =>
  checks.map((c) => photoCheckLabels[c.id]?.[lang] ?? c.id).join(lang === 'ja' ? '、' : ', ');

export function PhotoApproval({
  checks,
  busy,
  candidate,
  onApprove,
  onRetake,
}: {
  checks: readonly PhotoCheck[];
  /** Another action is running. */
  busy: boolean;
  /** Only a candidate can be approved. */
  candidate: boolean;
  onApprove: (request: ApprovalRequest) => void;
  onRetake: () => void;
}) {
  const req = approvalRequirements(checks);
  const [confirmed, setConfirmed] = useState(false);
  const [reasons, setReasons] = useState<Partial<Record<PhotoCheckId, OverrideReason>>>({});

  const blocking = [...req.blocking, ...req.missing.map((id): PhotoCheck => ({ id, level: 'fail', reason: { ja: '', en: '' } }))];
  const unreasoned = req.overridable.filter((o) => !reasons[o.check.id]).map((o) => o.check);
  // An exception is offered only when every failing check is one that can misfire.
  const overriding = blocking.length === 0 && req.overridable.length > 0;
  const failing = checks.filter((c) => c.level === 'fail');
  const why =
    blocking.length > 0
      ? `承認できません。不可の項目（${names(failing.length > 0 ? failing : blocking, 'ja')}）があります。撮り直してください / Cannot approve: ${names(failing.length > 0 ? failing : blocking, 'en')} failed; retake the photo.`
      : unreasoned.length > 0
        ? `不可の項目（${names(unreasoned, 'ja')}）があります。判定の誤りなら、例外の理由を選んでください / ${names(unreasoned, 'en')} failed. If the check misread the photo, choose the reason for the exception.`
        : req.warnings.length > 0 && !confirmed
          ? `注意の項目（${names(req.warnings, 'ja')}）を写真で確認し、チェックを入れてください / Look at the warnings (${names(req.warnings, 'en')}) on the photo and tick the confirmation.`
          : null;

  const approve = () =>
    onApprove({
      ...(req.warnings.length > 0 ? { acknowledgedWarnings: req.warnings.map((c) => c.id) } : {}),
      ...(overriding ? { overrides: req.overridable.map((o) => ({ check: o.check.id, reason: reasons[o.check.id]! })) } : {}),
    });

  return (
    <div className="photo-approval" data-testid="photo-approval" data-blocked={blocking.length > 0}>
      {overriding ? (
        <fieldset className="photo-overrides" data-testid="photo-overrides">
          <legend>判定の誤りとして承認する（例外・記録されます） / Approve despite a misread check (exception, recorded)</legend>
          {req.overridable.map(({ check, reasons: allowed }) => (
            <label key={check.id}>
              <span>
                {both(photoCheckLabels[check.id])} — 例外の理由 / Reason for the exception
              </span>
              <select
                value={reasons[check.id] ?? ''}
                onChange={(e) => setReasons((r) => ({ ...r, [check.id]: (e.target.value || undefined) as OverrideReason | undefined }))}
                data-testid={`photo-override-${check.id}`}
                disabled={busy}
              >
                <option value="">— 選んでください / Choose —</option>
                {allowed.map((reason) => (
                  <option key={reason} value={reason}>
                    {both(overrideReasonLabels[reason])}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      ) : null}
      {blocking.length === 0 && req.warnings.length > 0 ? (
        <label className="photo-confirm">
          <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} disabled={busy} data-testid="photo-confirm-warnings" />{' '}
          注意の項目（{names(req.warnings, 'ja')}）を写真で確認しました / I have checked the warnings ({names(req.warnings, 'en')}) on the photo
        </label>
      ) : null}
      {why ? (
        <p id="photo-approve-why" className={blocking.length > 0 ? 'error' : 'muted'} data-testid="photo-approve-why">
          {why}
        </p>
      ) : null}
      <div className="controls" style={{ marginTop: 12 }}>
        <button
          type="button"
          className="button"
          onClick={approve}
          disabled={busy || !candidate || why !== null}
          aria-describedby={why ? 'photo-approve-why' : undefined}
          data-testid="photo-approve"
        >
          {overriding ? '例外として承認 / Approve as an exception' : '承認 / Approve'}
        </button>
        <button type="button" className="button secondary" onClick={onRetake} disabled={busy} data-testid="photo-retake">
          撮り直し / Retake
        </button>
      </div>
    </div>
  );
}
