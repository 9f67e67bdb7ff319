/**
 * When a processed photo may be approved (issue 12, defect 2; decision 0013): every check judged,
 * no failing check (unless it is one that can misfire on a photo J-LIS accepts, overridden with a
 * reason from a fixed list), and every warning confirmed by the operator. Pure: the photos service
 * enforces it, the console shows the same requirements from the same function.
 */
import { type PhotoCheck, type PhotoCheckId, photoCheckIds } from './checks';

/** Why an operator may approve a photo a check failed: facts about the person, never free text. */
export const overrideReasons = ['natural_feature', 'medical_or_disability', 'head_covering'] as const;
export type OverrideReason = (typeof overrideReasons)[number];

export const overrideReasonLabels: Record<OverrideReason, { ja: string; en: string }> = {
  natural_feature: {
    ja: '生まれつきの特徴（目の形、肌の色、あざなど）を誤って判定している',
    en: 'A natural feature (eye shape, skin tone, birthmark…) is misread',
  },
  medical_or_disability: {
    ja: '病気や障害のため条件どおりに撮れない',
    en: 'A medical condition or disability prevents meeting the condition',
  },
  head_covering: {
    ja: '宗教上・医療上の理由による頭部の覆い（顔の輪郭は見えている）',
    en: 'A religious or medical head covering (the face outline is visible)',
  },
};

/**
 * The checks whose measure can fail on a photo that is right, and the reasons that explain it.
 * Others cannot be overridden: no face or two faces (nothing else was judged, or the photo is of
 * the wrong people), framing, focus and background (a retake at the booth fixes them).
 */
export const overridableChecks: Readonly<Partial<Record<PhotoCheckId, readonly OverrideReason[]>>> = {
  // Lid gap over eye width: naturally narrow eyes or a drooping lid read as closed.
  eyes: ['natural_feature', 'medical_or_disability'],
  // Face luminance: dark skin in good light reads as under-exposed, very fair skin as washed out.
  exposure: ['natural_feature'],
  // Left/right luminance: a birthmark, vitiligo or a facial difference reads as a shadow.
  shadow: ['natural_feature', 'medical_or_disability'],
  // Head angles: someone who cannot hold the head straight.
  pose: ['medical_or_disability'],
  // Crown found by the wall colour: a head covering is measured as part of the head.
  head_size: ['head_covering'],
  // J-LIS accepts sunglasses or an eye patch worn for a medical reason; deep-set or dark eyes can read as hidden.
  eyes_hidden: ['medical_or_disability', 'natural_feature'],
  // Facial paralysis, or a mouth that does not close naturally (J-LIS accepts photos of people who cannot meet a rule).
  expression: ['medical_or_disability', 'natural_feature'],
};

export interface CheckOverride {
  check: PhotoCheckId;
  reason: OverrideReason;
}

/** What the operator sends with "approve". */
export interface ApprovalRequest {
  /** The warned checks the operator has looked at and accepts. */
  acknowledgedWarnings?: readonly PhotoCheckId[];
  /** Failing checks approved anyway, each with its reason. */
  overrides?: readonly CheckOverride[];
}

/** What approving a photo with these checks asks of the operator. */
export interface ApprovalRequirements {
  /** Checks never judged (the pipeline always gives all nine): nothing can be approved. */
  missing: PhotoCheckId[];
  /** Failing checks that cannot be overridden: only a retake helps. */
  blocking: PhotoCheck[];
  /** Failing checks that can be overridden, with the reasons allowed for each. */
  overridable: { check: PhotoCheck; reasons: readonly OverrideReason[] }[];
  /** Warned checks the operator must confirm. */
  warnings: PhotoCheck[];
}

export function approvalRequirements(checks: readonly PhotoCheck[]): ApprovalRequirements {
  const judged = new Set(checks.map((c) => c.id));
  const failing = checks.filter((c) => c.level === 'fail');
  return {
    missing: photoCheckIds.filter((id) => !judged.has(id)),
    blocking: failing.filter((c) => !overridableChecks[c.id]),
    overridable: failing.flatMap((c) => {
      const reasons = overridableChecks[c.id];
      return reasons ? [{ check: c, reasons }] : [];
    }),
    warnings: checks.filter((c) => c.level === 'warn'),
  };
}

export type ApprovalRefusal =
  /** Not every check was judged. */
  | 'checks_missing'
  /** An override names a check that is not failing, cannot be overridden, or a reason not allowed for it. */
  | 'override_invalid'
  /** A failing check is neither overridable nor overridden. */
  | 'checks_failed'
  /** A warned check was not confirmed. */
  | 'warnings_unconfirmed';

export type ApprovalDecision =
  | { ok: true; acknowledged: PhotoCheckId[]; overrides: CheckOverride[] }
  | { ok: false; refusal: ApprovalRefusal; checks: PhotoCheckId[] };

/**
 * The server's decision. Refusals come in this order: unjudged checks, malformed overrides,
 * failing checks, unconfirmed warnings — so a photo that fails is never reported as only needing
 * a confirmation. `acknowledged` holds the warned checks only, in check order.
 */
export function decideApproval(checks: readonly PhotoCheck[], request: ApprovalRequest = {}): ApprovalDecision {
  const req = approvalRequirements(checks);
  if (req.missing.length > 0) return { ok: false, refusal: 'checks_missing', checks: req.missing };

  const level = new Map(checks.map((c) => [c.id, c.level]));
  const overrides = request.overrides ?? [];
  const seen = new Set<PhotoCheckId>();
  const invalid = overrides.filter((o) => {
    const duplicate = seen.has(o.check);
    seen.add(o.check);
    return duplicate || level.get(o.check) !== 'fail' || !overridableChecks[o.check]?.includes(o.reason);
  });
  if (invalid.length > 0) return { ok: false, refusal: 'override_invalid', checks: unique(invalid.map((o) => o.check)) };

  const failed = [...req.blocking.map((c) => c.id), ...req.overridable.map((o) => o.check.id).filter((id) => !seen.has(id))];
  if (failed.length > 0) return { ok: false, refusal: 'checks_failed', checks: inCheckOrder(failed) };

  const acknowledged = new Set(request.acknowledgedWarnings ?? []);
  const unconfirmed = req.warnings.map((c) => c.id).filter((id) => !acknowledged.has(id));
  if (unconfirmed.length > 0) return { ok: false, refusal: 'warnings_unconfirmed', checks: inCheckOrder(unconfirmed) };

  return {
    ok: true,
    acknowledged: inCheckOrder(req.warnings.map((c) => c.id)),
    overrides: inCheckOrder(overrides.map((o) => o.check)).map((id) => overrides.find((o) => o.check === id)!),
  };
}

const unique = <T>(values: T[]) => [...new Set(values)];
const inCheckOrder = (ids: readonly PhotoCheckId[]) => photoCheckIds.filter((id) => ids.includes(id));
