/**
 * One vocabulary from schema to UI and reports (see shared/brief.md "Reporting vocabulary").
 * Codes are stored; labels are for people.
 */

export const procedures = ['new_application', 'renewal', 'lost_reissue', 'health_insurance', 'bank_account', 'other_mynaportal'] as const;
export type Procedure = (typeof procedures)[number];
/** The My Number Card applications: the procedures with a face photo. */
export const cardApplicationProcedures: readonly Procedure[] = ['new_application', 'renewal', 'lost_reissue'];
export const procedureLabels: Record<Procedure, { ja: string; en: string }> = {
  new_application: { ja: '新規申請', en: 'New application' },
  renewal: { ja: '更新申請', en: 'Renewal' },
  lost_reissue: { ja: '紛失再交付', en: 'Lost-card reissue' },
  health_insurance: { ja: '健康保険証利用登録', en: 'Health-insurance linkage' },
  bank_account: { ja: '公金受取口座登録', en: 'Public-fund bank account' },
  other_mynaportal: { ja: 'その他マイナポータル', en: 'Other Mynaportal help' },
};

export const outcomes = ['completed', 'incomplete', 'referred', 'dropped'] as const;
export type Outcome = (typeof outcomes)[number];
export const outcomeLabels: Record<Outcome, { ja: string; en: string }> = {
  completed: { ja: '完了', en: 'Completed' },
  incomplete: { ja: '未完了', en: 'Incomplete' },
  referred: { ja: '窓口案内', en: 'Referred to counter' },
  dropped: { ja: '中断', en: 'Dropped' },
};

/** Resident-facing languages of the booth. */
export const languages = ['ja', 'en', 'zh-Hans', 'ko', 'vi', 'pt'] as const;
export type Language = (typeof languages)[number];

/**
 * やさしい日本語 (Easy Japanese): plain Japanese a municipality may write for residents it has no
 * text in their own language for. A private-use language tag (BCP 47), so `lang` stays valid.
 */
export const easyJapanese = 'ja-x-easy';
/** The languages a municipality writes its resident-facing texts in: the booth's, and やさしい日本語. */
export const textLanguages = ['ja', easyJapanese, 'en', 'zh-Hans', 'ko', 'vi', 'pt'] as const;
export type TextLanguage = (typeof textLanguages)[number];

/** Text in several languages; Japanese is always present (which one a resident sees: localized-text.ts). */
export type LocalizedText = { ja: string } & Partial<Record<Exclude<TextLanguage, 'ja'>, string>>;

export const boothKinds = ['town_hall', 'mall', 'popup'] as const;
export type BoothKind = (typeof boothKinds)[number];

/** `interpreter`: a remote interpreter who joins a call on an operator's request (issue 18, decision 0036). */
export const roles = ['operator', 'supervisor', 'town_staff', 'admin', 'interpreter'] as const;
export type Role = (typeof roles)[number];

export const boothStatuses = ['online', 'degraded', 'offline'] as const;
export type BoothStatus = (typeof boothStatuses)[number];

/** Inquiry categories of the Zama specification §4(3)② (ア–ケ). */
export const inquiryCategories = ['a', 'i', 'u', 'e', 'o', 'ka', 'ki', 'ku', 'ke'] as const;
export type InquiryCategory = (typeof inquiryCategories)[number];
export const inquiryCategoryLabels: Record<InquiryCategory, { ja: string; en: string }> = {
  a: { ja: '（ア）マイナンバー制度全般', en: '(a) The My Number system in general' },
  i: { ja: '（イ）カードの申請', en: '(b) Card applications' },
  u: { ja: '（ウ）カードの交付', en: '(c) Card issuance' },
  e: { ja: '（エ）電子証明書', en: '(d) Electronic certificates' },
  o: { ja: '（オ）紛失・暗証番号変更・券面変更・一時停止解除・返納', en: '(e) Loss, PIN change, card details, suspension, return' },
  ka: { ja: '（カ）健康保険証との紐づけ', en: '(f) Health-insurance linkage' },
  ki: { ja: '（キ）公金受取口座の登録', en: '(g) Public-fund bank account' },
  ku: { ja: '（ク）担当課に関する問合せ', en: "(h) The municipality's own section" },
  ke: { ja: '（ケ）その他関連する意見等', en: '(i) Other related opinions' },
};

export const inquiryChannels = ['phone', 'booth', 'counter', 'email', 'other'] as const;
export type InquiryChannel = (typeof inquiryChannels)[number];

export const incidentKinds = ['incident', 'complaint'] as const;
export const incidentSeverities = ['low', 'medium', 'high'] as const;
export const incidentStatuses = ['open', 'escalated', 'resolved'] as const;

export const ledgerActions = ['created', 'viewed', 'downloaded', 'deleted'] as const;

/** A face photo's life: processed candidate → approved, or retaken/deleted. */
export const photoStatuses = ['processing', 'candidate', 'approved', 'retaken', 'deleted'] as const;
export type PhotoStatus = (typeof photoStatuses)[number];

/** Remote operations on a booth (Zama spec: remote operation and fault check). */
export const boothCommandKinds = ['self_test', 'reload', 'maintenance_on', 'maintenance_off'] as const;
export type BoothCommandKind = (typeof boothCommandKinds)[number];
export const boothCommandStatuses = ['pending', 'delivered', 'completed', 'failed', 'expired'] as const;
export type BoothCommandStatus = (typeof boothCommandStatuses)[number];

export const reportPeriods = ['daily', 'monthly'] as const;
export type ReportPeriod = (typeof reportPeriods)[number];
export type LedgerAction = (typeof ledgerActions)[number];

export const consentKinds = ['terms', 'privacy'] as const;
export type ConsentKind = (typeof consentKinds)[number];

/** Where a pop-up application site (臨時申請会場) is held. */
export const popupSiteKinds = ['mall', 'community_centre', 'care_home', 'school', 'other'] as const;
export type PopupSiteKind = (typeof popupSiteKinds)[number];
/** A pop-up event's life: planned by the operating company → agreed by the town → held → reported. */
export const popupStates = ['planned', 'agreed', 'held', 'reported'] as const;
export type PopupState = (typeof popupStates)[number];
/**
 * An interpreter's part in a call, recorded as session events with their times (issue 18): asked
 * for by the operator, ringing on an interpreter's console, joined the room, left it (or dropped),
 * nobody found within the wait, or the operator gave up waiting.
 */
export const interpreterEventTypes = [
  'interpreter-requested',
  'interpreter-rung',
  'interpreter-joined',
  'interpreter-left',
  'interpreter-not-found',
  'interpreter-cancelled',
] as const;
export type InterpreterEventType = (typeof interpreterEventTypes)[number];
