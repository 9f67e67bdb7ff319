/** Words and formats shared by the staff booth-health pages (Japanese first, English after). */

export const statusLabels = {
  online: 'オンライン / Online',
  degraded: '低下 / Degraded',
  offline: 'オフライン / Offline',
  unknown: '未受信 / No heartbeat yet',
} as const;

/** admin-badge modifier per status (existing classes only). */
export const statusClass = { online: 'admin-badge open', degraded: 'admin-badge warn', offline: 'admin-badge', unknown: 'admin-badge' } as const;
/** Offline must stand out: the alert colours of .admin-alert on the badge. */
export const statusStyle = { offline: { background: '#fde2e2', color: '#8a1111' } } as Partial<Record<keyof typeof statusClass, { background: string; color: string }>>;

export const deviceLabels: Record<string, string> = {
  ok: '正常 / OK',
  missing: '未接続 / Missing',
  error: 'エラー / Error',
  unknown: '不明 / Unknown',
  connected: '通話中 / In a call',
  reconnecting: '再接続中 / Reconnecting',
  disconnected: '切断 / Disconnected',
  idle: '待機 / Idle',
  unreachable: '到達できない / Unreachable',
};

export const reasonLabels: Record<string, string> = {
  camera: 'カメラ / camera',
  microphone: 'マイク / microphone',
  livekit: '映像通話接続 / LiveKit',
  rtt: '遅延 / RTT',
  packet_loss: 'パケット損失 / packet loss',
  bitrate: '映像ビットレート / bitrate',
};

export const commandLabels = {
  self_test: '自己診断 / Self-test',
  reload: 'アプリ再読み込み / Reload app',
  maintenance_on: 'メンテナンス画面 ON / Maintenance screen on',
  maintenance_off: 'メンテナンス画面 OFF / Maintenance screen off',
} as const;

export const commandStatusLabels = {
  pending: '送信待ち / Pending',
  delivered: '配信済み / Delivered',
  completed: '完了 / Completed',
  failed: '失敗 / Failed',
  expired: '期限切れ / Expired',
} as const;

export const checkLabels = {
  camera: 'カメラ / Camera',
  microphone: 'マイク / Microphone',
  speaker: 'スピーカー / Speaker',
  livekit: '映像通話サーバー / LiveKit',
  network: 'ネットワーク / Network',
} as const;

export const resultLabels: Record<string, string> = { pass: '合格 / Pass', fail: '不合格 / Fail', skipped: '省略 / Skipped' };

/** 0.987 → "98.7 %"; null (no opening in the period) → "—". */
export function percent(ratio: number | null): string {
  return ratio === null ? '— (受付時間なし / no opening)' : `${(Math.floor(ratio * 1000) / 10).toFixed(1)} %`;
}

/** Milliseconds as "1時間5分 / 1 h 5 min". */
export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h}時間${m}分 / ${h} h ${m} min` : `${m}分 / ${m} min`;
}

const jst = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
export function jstTime(at: string | Date | null | undefined): string {
  return at ? jst.format(new Date(at)) : '—';
}
