import { procedures } from '@madoguchi/db';
import { describe, expect, it } from 'vitest';
import { guidanceCards, procedureGuides } from './procedure-guides';

describe('procedureGuides', () => {
  it('has a checklist for every procedure, each step in Japanese and English with unique ids', () => {
    for (const procedure of procedures) {
      const steps = procedureGuides[procedure];
      expect(steps.length).toBeGreaterThan(1);
      expect(new Set(steps.map((s) => s.id)).size).toBe(steps.length);
      for (const step of steps) {
        expect(step.title.ja && step.title.en && step.script.ja && step.script.en).toBeTruthy();
        if (step.card) expect(guidanceCards).toContain(step.card);
      }
    }
  });

  it('marks a PIN step, with the keep-your-PIN-private card, wherever the card PIN is typed', () => {
    for (const procedure of ['health_insurance', 'bank_account'] as const) {
      const pins = procedureGuides[procedure].filter((s) => s.pin);
      expect(pins.length).toBeGreaterThan(0);
      for (const step of pins) expect(step.card).toBe('keep-pin-private');
    }
    // The account registration reads the card twice (brief), so it asks for the PIN twice.
    expect(procedureGuides.bank_account.filter((s) => s.pin)).toHaveLength(2);
  });

  it('never scripts the operator asking for the PIN itself', () => {
    for (const steps of Object.values(procedureGuides)) {
      for (const step of steps) expect(step.script.ja).not.toMatch(/暗証番号を(教えて|お伝え|言って)/);
    }
  });
});
