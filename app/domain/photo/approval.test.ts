import { describe, expect, it } from 'vitest';
import { approvalRequirements, decideApproval, overridableChecks, overrideReasonLabels, overrideReasons } from './approval';
import { type PhotoCheck, type PhotoCheckId, type PhotoCheckLevel, photoCheckIds, photoCheckLabels } from './checks';

/** Nine checks, all passing except the ones given. */
function checks(levels: Partial<Record<PhotoCheckId, PhotoCheckLevel>> = {}): PhotoCheck[] {
  return photoCheckIds.map((id) => ({ id, level: levels[id] ?? 'pass', reason: { ja: '理由', en: 'Reason' } }));
}

describe('decideApproval', () => {
  it('approves all-passing checks without anything else', () => {
    expect(decideApproval(checks())).toEqual({ ok: true, acknowledged: [], overrides: [] });
  });

  it('refuses a photo whose checks were not all judged (none, or some missing)', () => {
    expect(decideApproval([])).toEqual({ ok: false, refusal: 'checks_missing', checks: [...photoCheckIds] });
    expect(decideApproval(checks().filter((c) => c.id !== 'eyes'))).toEqual({ ok: false, refusal: 'checks_missing', checks: ['eyes'] });
  });

  it('refuses the picture with no face: every check failing, whatever is sent with it', () => {
    const none = checks(Object.fromEntries(photoCheckIds.map((id) => [id, 'fail'])));
    const all = photoCheckIds.map((id) => id);
    expect(decideApproval(none)).toEqual({ ok: false, refusal: 'checks_failed', checks: all });
    // Overriding every overridable check still leaves the checks a retake fixes.
    const overrides = Object.entries(overridableChecks).map(([check, reasons]) => ({ check: check as PhotoCheckId, reason: reasons[0]! }));
    expect(decideApproval(none, { overrides, acknowledgedWarnings: all })).toEqual({
      ok: false,
      refusal: 'checks_failed',
      checks: ['one_face', 'centred', 'sharpness', 'background', 'glare', 'red_eye', 'dynamic_range', 'compression', 'resolution'],
    });
  });

  it.each(['one_face', 'centred', 'sharpness', 'background', 'glare', 'red_eye', 'dynamic_range', 'compression', 'resolution'] as const)(
    '%s failing cannot be overridden',
    (id) => {
      expect(decideApproval(checks({ [id]: 'fail' }))).toEqual({ ok: false, refusal: 'checks_failed', checks: [id] });
      for (const reason of overrideReasons)
        expect(decideApproval(checks({ [id]: 'fail' }), { overrides: [{ check: id, reason }] })).toEqual({
          ok: false,
          refusal: 'override_invalid',
          checks: [id],
        });
    },
  );

  it('an overridable failing check needs its override, with a reason allowed for it', () => {
    const eyesFail = checks({ eyes: 'fail' });
    expect(decideApproval(eyesFail)).toEqual({ ok: false, refusal: 'checks_failed', checks: ['eyes'] });
    expect(decideApproval(eyesFail, { overrides: [{ check: 'eyes', reason: 'head_covering' }] })).toEqual({
      ok: false,
      refusal: 'override_invalid',
      checks: ['eyes'],
    });
    expect(decideApproval(eyesFail, { overrides: [{ check: 'eyes', reason: 'natural_feature' }] })).toEqual({
      ok: true,
      acknowledged: [],
      overrides: [{ check: 'eyes', reason: 'natural_feature' }],
    });
  });

  it('an override must name a failing check, once', () => {
    expect(decideApproval(checks({ exposure: 'warn' }), { overrides: [{ check: 'exposure', reason: 'natural_feature' }] })).toMatchObject({
      refusal: 'override_invalid',
      checks: ['exposure'],
    });
    expect(decideApproval(checks(), { overrides: [{ check: 'shadow', reason: 'natural_feature' }] })).toMatchObject({
      refusal: 'override_invalid',
      checks: ['shadow'],
    });
    const twice = [
      { check: 'shadow', reason: 'natural_feature' },
      { check: 'shadow', reason: 'medical_or_disability' },
    ] as const;
    expect(decideApproval(checks({ shadow: 'fail' }), { overrides: twice })).toMatchObject({
      refusal: 'override_invalid',
      checks: ['shadow'],
    });
  });

  it('warnings need every warned check confirmed; extra confirmations change nothing', () => {
    const warned = checks({ pose: 'warn', background: 'warn' });
    expect(decideApproval(warned)).toEqual({ ok: false, refusal: 'warnings_unconfirmed', checks: ['pose', 'background'] });
    expect(decideApproval(warned, { acknowledgedWarnings: ['background'] })).toEqual({
      ok: false,
      refusal: 'warnings_unconfirmed',
      checks: ['pose'],
    });
    expect(decideApproval(warned, { acknowledgedWarnings: ['background', 'pose', 'eyes'] })).toEqual({
      ok: true,
      acknowledged: ['pose', 'background'],
      overrides: [],
    });
  });

  it('a failure is reported before an unconfirmed warning', () => {
    expect(decideApproval(checks({ pose: 'warn', one_face: 'fail' }))).toEqual({
      ok: false,
      refusal: 'checks_failed',
      checks: ['one_face'],
    });
  });

  it('overrides and confirmations together, returned in check order', () => {
    const mixed = checks({ shadow: 'fail', eyes: 'fail', head_size: 'warn' });
    const decision = decideApproval(mixed, {
      acknowledgedWarnings: ['head_size'],
      overrides: [
        { check: 'shadow', reason: 'medical_or_disability' },
        { check: 'eyes', reason: 'medical_or_disability' },
      ],
    });
    expect(decision).toEqual({
      ok: true,
      acknowledged: ['head_size'],
      overrides: [
        { check: 'eyes', reason: 'medical_or_disability' },
        { check: 'shadow', reason: 'medical_or_disability' },
      ],
    });
  });
});

describe('approvalRequirements (what the console shows)', () => {
  it('splits failing checks into blocking and overridable, and lists warnings', () => {
    const req = approvalRequirements(checks({ one_face: 'fail', eyes: 'fail', pose: 'warn' }));
    expect(req.missing).toEqual([]);
    expect(req.blocking.map((c) => c.id)).toEqual(['one_face']);
    expect(req.overridable.map((o) => [o.check.id, o.reasons])).toEqual([['eyes', ['natural_feature', 'medical_or_disability']]]);
    expect(req.warnings.map((c) => c.id)).toEqual(['pose']);
  });

  it('every reason and check has a label in Japanese and English', () => {
    for (const reason of overrideReasons) expect(overrideReasonLabels[reason].ja).toMatch(/[\u3040-\u9fff]/);
    for (const id of photoCheckIds) expect(photoCheckLabels[id].en).toMatch(/^[A-Z]/);
    for (const reasons of Object.values(overridableChecks)) for (const r of reasons) expect(overrideReasons).toContain(r);
  });
});
