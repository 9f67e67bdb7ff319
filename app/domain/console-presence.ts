/**
 * Which operators have had no console connected anywhere for the grace period (decision 0029).
 * The dispatcher asks, every few seconds, for each operator who is not offline, whether a console
 * of theirs is connected on any node; this keeps, per operator, since when the answer has been no.
 * One mechanism for one node and for many: a console closed on this node, or a node that died
 * with its consoles (its presence entries lapse), look the same.
 */
export class AbsenceWatch {
  private readonly absentSince = new Map<string, number>();

  constructor(private readonly graceMs: number) {}

  /**
   * One look. `watched`: the operators who are not offline, each with whether a console of theirs
   * is connected. Returns those absent for `graceMs` or more, oldest absence first: they go
   * offline (or, while on a call, are asked about again at the next look). Operators no longer
   * watched (offline now) are forgotten, so a later absence counts from its own start.
   */
  observe(watched: ReadonlyArray<{ id: string; present: boolean }>, now: number): string[] {
    const seen = new Set<string>();
    const due: { id: string; since: number }[] = [];
    for (const { id, present } of watched) {
      seen.add(id);
      if (present) {
        this.absentSince.delete(id);
        continue;
      }
      const since = this.absentSince.get(id) ?? now;
      this.absentSince.set(id, since);
      if (now - since >= this.graceMs) due.push({ id, since });
    }
    for (const id of this.absentSince.keys()) if (!seen.has(id)) this.absentSince.delete(id);
    return due.sort((a, b) => a.since - b.since || (a.id < b.id ? -1 : 1)).map((d) => d.id);
  }

  /** Since when this operator has been absent (null: present, or not watched). */
  absentFor(id: string): number | null {
    return this.absentSince.get(id) ?? null;
  }
}
