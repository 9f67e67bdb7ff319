/**
 * Proof-of-work for public bookings (decision 0034): altcha-lib's challenge (SHA-256, HMAC-signed,
 * expiring), solved in the resident's browser by the `altcha` widget. A solution is accepted once:
 * its signature is remembered until the challenge expires — in memory on one node, in Redis with
 * `shared` (several nodes), so a solution used on one node is refused on every other.
 */
import { createHash } from 'node:crypto';
import { createChallenge, verifySolution } from 'altcha-lib/v1';
import type { SharedBudget } from '../platform/address-budget.server';
import { Problem } from '../platform/problems';

export const CHALLENGE_TTL_MS = 5 * 60_000;

export interface ProofOfWork {
  /** 0: switched off (tests, benchmarks): no challenge is needed. */
  readonly maxNumber: number;
  challenge(): Promise<{ algorithm: string; challenge: string; maxnumber?: number; salt: string; signature: string }>;
  /** Throws 400 `proof_of_work_required` / `proof_of_work_invalid` unless `payload` solves a fresh challenge. */
  verify(payload: string | undefined, now: number): Promise<void>;
}

export function createProofOfWork(hmacKey: string, maxNumber: number, shared?: SharedBudget): ProofOfWork {
  const used = new Map<string, number>();
  /** Marks a solution used: false when it already was (atomically across nodes with Redis). */
  const firstUse = async (signature: string, now: number): Promise<boolean> => {
    if (shared) {
      const key = `${shared.prefix ?? 'mdg:'}reserve:pow:${createHash('sha256').update(signature).digest('base64url')}`;
      return (await shared.redis.set(key, '1', 'PX', CHALLENGE_TTL_MS, 'NX')) === 'OK';
    }
    for (const [seen, expires] of used) if (expires <= now) used.delete(seen);
    if (used.has(signature)) return false;
    used.set(signature, now + CHALLENGE_TTL_MS);
    return true;
  };
  return {
    maxNumber,
    async challenge() {
      return createChallenge({ hmacKey, maxNumber: Math.max(1, maxNumber), expires: new Date(Date.now() + CHALLENGE_TTL_MS) });
    },
    async verify(payload, now) {
      if (maxNumber === 0) return;
      if (!payload || payload.length > 4_000) {
        throw new Problem(400, 'proof_of_work_required', {
          ja: '送信前の確認（自動計算）が完了していません。もう一度お試しください。',
          en: 'The automatic check before sending has not finished. Please try again.',
        });
      }
      let signature = '';
      try {
        signature = String((JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as { signature?: unknown }).signature ?? '');
      } catch {
        signature = '';
      }
      const ok = signature !== '' && (await verifySolution(payload, hmacKey, true).catch(() => false)) && (await firstUse(signature, now));
      if (!ok) {
        throw new Problem(400, 'proof_of_work_invalid', {
          ja: '送信前の確認（自動計算）が無効か期限切れです。ページを再読み込みしてください。',
          en: 'The automatic check before sending is invalid or expired. Reload the page.',
        });
      }
    },
  };
}
