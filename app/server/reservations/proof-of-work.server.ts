/**
 * Proof-of-work for public bookings (decision 0034): altcha-lib's challenge (SHA-256, HMAC-signed,
 * expiring), solved in the resident's browser by the `altcha` widget. A solution is accepted once:
 * its signature is remembered until the challenge expires (per node; a replay on another node is
 * still bounded by the per-address budgets and the expiry).
 */
import { createChallenge, verifySolution } from 'altcha-lib/v1';
import { Problem } from '../platform/problems';

export const CHALLENGE_TTL_MS = 5 * 60_000;

export interface ProofOfWork {
  /** 0: switched off (tests, benchmarks): no challenge is needed. */
  readonly maxNumber: number;
  challenge(): Promise<{ algorithm: string; challenge: string; maxnumber?: number; salt: string; signature: string }>;
  /** Throws 400 `proof_of_work_required` / `proof_of_work_invalid` unless `payload` solves a fresh challenge. */
  verify(payload: string | undefined, now: number): Promise<void>;
}

export function createProofOfWork(hmacKey: string, maxNumber: number): ProofOfWork {
  const used = new Map<string, number>();
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
      for (const [signature, expires] of used) if (expires <= now) used.delete(signature);
      let signature = '';
      try {
        signature = String((JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as { signature?: unknown }).signature ?? '');
      } catch {
        signature = '';
      }
      const ok = signature !== '' && !used.has(signature) && (await verifySolution(payload, hmacKey, true).catch(() => false));
      if (!ok) {
        throw new Problem(400, 'proof_of_work_invalid', {
          ja: '送信前の確認（自動計算）が無効か期限切れです。ページを再読み込みしてください。',
          en: 'The automatic check before sending is invalid or expired. Reload the page.',
        });
      }
      used.set(signature, now + CHALLENGE_TTL_MS);
    },
  };
}
