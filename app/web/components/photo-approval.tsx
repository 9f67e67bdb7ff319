/**
 * Approve or retake a processed photo, under the same rules the photos service enforces
 * (domain/photo/approval.ts): a failing check disables "approve" and says why; a check that can
 * misfire may be approved as an exception with a reason picked from the fixed list (recorded);
 * warnings need the operator to tick that they looked at them.
 */
import { useState } from 'react';
import { type ApprovalRequest, approvalRequirements, type OverrideReason, overrideReasonLabels } from '../../domain/photo/approval';
import { type PhotoCheck, type PhotoCheckId, photoCheckLabels } from '../../domain/photo/checks';
import { useT } from '../i18n/i18n';

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
  const { t, language } = useT();
  const names = (list: readonly PhotoCheck[]) =>
    list.map((c) => photoCheckLabels[c.id]?.[language] ?? c.id).join(t('common.listSeparator'));
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
      ? t('approval.cannotApprove', { checks: names(failing.length > 0 ? failing : blocking) })
      : unreasoned.length > 0
        ? t('approval.chooseReason', { checks: names(unreasoned) })
        : req.warnings.length > 0 && !confirmed
          ? t('approval.lookAtWarnings', { checks: names(req.warnings) })
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
          <legend>{t('approval.overrides')}</legend>
          {req.overridable.map(({ check, reasons: allowed }) => (
            <label key={check.id}>
              <span>
                {photoCheckLabels[check.id][language]} — {t('approval.reason')}
              </span>
              <select
                value={reasons[check.id] ?? ''}
                onChange={(e) => setReasons((r) => ({ ...r, [check.id]: (e.target.value || undefined) as OverrideReason | undefined }))}
                data-testid={`photo-override-${check.id}`}
                disabled={busy}
              >
                <option value="">{t('approval.choose')}</option>
                {allowed.map((reason) => (
                  <option key={reason} value={reason}>
                    {overrideReasonLabels[reason][language]}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      ) : null}
      {blocking.length === 0 && req.warnings.length > 0 ? (
        <label className="photo-confirm">
          <input
            type="checkbox"
            checked={confirmed}
            onChange={(e) => setConfirmed(e.target.checked)}
            disabled={busy}
            data-testid="photo-confirm-warnings"
          />{' '}
          {t('approval.warningsChecked', { checks: names(req.warnings) })}
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
          {overriding ? t('approval.approveException') : t('approval.approve')}
        </button>
        <button type="button" className="button secondary" onClick={onRetake} disabled={busy} data-testid="photo-retake">
          {t('approval.retake')}
        </button>
      </div>
    </div>
  );
}
