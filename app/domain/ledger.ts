/**
 * The personal-data ledger (個人情報取扱台帳) as people read it: Japanese labels for its codes,
 * Japan time, and CSV cells for Excel. Pure; shared by the CSV export and the staff page.
 */
import type { ActorKind, LedgerAction } from '@madoguchi/db';

export const FACE_PHOTO = 'face_photo';

export const ledgerHeader = ['日時', '操作', '種別', '対象ID', 'セッションID', '実施者種別', '実施者'];
export const ledgerActionLabels: Record<LedgerAction, string> = {
  created: '作成',
  viewed: '閲覧',
  downloaded: 'ダウンロード',
  deleted: '削除',
};
export const dataKindLabels: Record<string, string> = { [FACE_PHOTO]: '顔写真' };
export const actorKindLabels: Record<ActorKind, string> = {
  booth: 'ブース',
  operator: 'オペレーター',
  account: 'アカウント',
  livekit: 'LiveKit',
  system: 'システム',
};
