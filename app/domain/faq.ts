/**
 * FAQ / manual entries (Zama spec §4(3)①: 初版 before operation starts, 改訂版 on each revision).
 * Each entry is a list of numbered revisions; one is shown to operators: the newest approved
 * revision already in effect (Japan date), unless the entry is retired. Pure, no I/O.
 */
import type { Procedure } from '@madoguchi/db/vocabulary';

export interface FaqRevisionLike {
  entryId: string;
  version: number;
  municipalityId: string | null;
  procedure: Procedure | null;
  effectiveOn: string;
  approvedAt: Date | null;
  retired: boolean;
}

/** 初版 for the first revision, 改訂版（第 n 版） for the later ones. */
export function versionLabel(version: number): { ja: string; en: string } {
  return version <= 1 ? { ja: '初版', en: 'First edition' } : { ja: `改訂版（第${version}版）`, en: `Revised edition (v${version})` };
}

/** The revision operators see for one entry on `today` (YYYY-MM-DD, Japan), or null. */
export function currentRevision<T extends FaqRevisionLike>(revisions: readonly T[], today: string): T | null {
  if (revisions.some((r) => r.retired)) return null;
  let best: T | null = null;
  for (const r of revisions) {
    if (r.approvedAt === null || r.effectiveOn > today) continue;
    if (!best || r.version > best.version) best = r;
  }
  return best;
}

/**
 * The entries for a call: current revisions, for all towns or this municipality, general or for
 * this procedure. With no municipality (or procedure) given, none is filtered out on that count.
 */
export function visibleRevisions<T extends FaqRevisionLike>(
  revisions: readonly T[],
  today: string,
  filter: { municipalityId?: string | undefined; procedure?: Procedure | undefined } = {},
): T[] {
  const byEntry = new Map<string, T[]>();
  for (const r of revisions) byEntry.set(r.entryId, [...(byEntry.get(r.entryId) ?? []), r]);
  const shown: T[] = [];
  for (const list of byEntry.values()) {
    const current = currentRevision(list, today);
    if (!current) continue;
    if (filter.municipalityId && current.municipalityId !== null && current.municipalityId !== filter.municipalityId) continue;
    if (filter.procedure && current.procedure !== null && current.procedure !== filter.procedure) continue;
    shown.push(current);
  }
  return shown;
}

/** What may be done to a revision, as a reason to refuse or null. */
export function approvalRefusal(
  revision: { createdBy: string; approvedAt: Date | null },
  entry: { retired: boolean },
  approverId: string,
): 'retired' | 'already_approved' | 'own_draft' | null {
  if (entry.retired) return 'retired';
  if (revision.approvedAt) return 'already_approved';
  // Four eyes: the author of a draft cannot publish it alone.
  if (revision.createdBy === approverId) return 'own_draft';
  return null;
}
