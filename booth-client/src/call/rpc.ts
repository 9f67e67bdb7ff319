/**
 * The LiveKit RPC methods between booth and operator (decision 0009). Payload parsing is pure
 * (rpc.test.ts); BoothCall registers the handlers.
 */
import { isGuidanceCard, type GuidanceCardKey } from '../journey/vocabulary';
import type { ReportedQuality } from './quality';

/** Methods the booth registers; the operator calls them. */
export const boothMethods = { guidanceShow: 'guidance.show', pinStart: 'pin.start', pinEnd: 'pin.end' } as const;
/** Methods the operator registers; the booth calls them. */
export const operatorMethods = { pinDone: 'pin.done', qualityChanged: 'quality.changed' } as const;

export const OPERATOR_PREFIX = 'operator:';

/** `{"card": "scan-qr"}` → 'scan-qr'; anything else → null. */
export function parseGuidancePayload(payload: string): GuidanceCardKey | null {
  try {
    const parsed: unknown = JSON.parse(payload);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const card = (parsed as { card?: unknown }).card;
    return isGuidanceCard(card) ? card : null;
  } catch {
    return null;
  }
}

export function qualityPayload(quality: ReportedQuality, degraded: boolean): string {
  return JSON.stringify({ quality, degraded });
}

/** Of the remote participants, the operator: by the `operator:` identity, else the only other one. */
export function pickOperator<P extends { identity: string }>(participants: Iterable<P>): P | undefined {
  const all = [...participants];
  return all.find((p) => p.identity.startsWith(OPERATOR_PREFIX)) ?? (all.length === 1 ? all[0] : undefined);
}
