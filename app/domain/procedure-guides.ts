import type { Procedure } from '@madoguchi/db';
import type { GuidanceCard } from '@madoguchi/db/call-contract';

/**
 * The operator's checklist per procedure: each step with a short script to read to the resident,
 * and the guidance card (if any) to push to the booth. Facts from shared/brief.md.
 */
export interface GuideStep {
  id: string;
  title: { ja: string; en: string };
  script: { ja: string; en: string };
  card?: GuidanceCard;
  /** This step is the PIN step: start PIN privacy before the resident types. */
  pin?: boolean;
}

/** The cards are the call contract's (the booth shows them, the booth events record them). */
export { type GuidanceCard, guidanceCards } from '@madoguchi/db/call-contract';

const greet: GuideStep = {
  id: 'greet',
  title: { ja: 'あいさつ・本人確認の説明', en: 'Greeting' },
  script: {
    ja: 'お待たせしました。オンライン窓口の{name}です。本日はこちらの画面でお手続きをご案内します。',
    en: 'Thank you for waiting. I am {name} of the online counter, and I will guide you through the procedure on this screen.',
  },
};
const pinStep = (id: string, what: { ja: string; en: string }): GuideStep => ({
  id,
  title: { ja: '暗証番号の入力（4桁）', en: 'PIN entry (4 digits)' },
  script: {
    ja: `${what.ja}4桁の暗証番号を入力していただきます。入力中はこちらから映像は見えません。番号は声に出さないでください。`,
    en: `${what.en} you will enter your 4-digit PIN. I cannot see your camera while you type. Please do not say the number aloud.`,
  },
  card: 'keep-pin-private',
  pin: true,
});
const application = (form: { ja: string; en: string }): GuideStep[] => [
  greet,
  {
    id: 'form',
    title: { ja: `${form.ja}の確認`, en: `Check the ${form.en}` },
    script: { ja: `${form.ja}をお手元にご用意ください。`, en: `Please have your ${form.en} ready.` },
    card: 'form-ready',
  },
  {
    id: 'qr',
    title: { ja: 'QRコードの読み取り（申請書ID 23桁）', en: 'Scan the QR code (23-digit application ID)' },
    script: {
      ja: '申請書のQRコードを、画面下のカメラにかざしてください。',
      en: 'Hold the QR code on the form up to the camera below the screen.',
    },
    card: 'scan-qr',
  },
  {
    id: 'photo',
    title: { ja: '顔写真の撮影', en: 'Face photo' },
    script: {
      ja: '帽子を外し、まっすぐカメラをご覧ください。こちらで撮影します。',
      en: 'Please take off any hat and look straight at the camera. I will take the photo.',
    },
    card: 'look-at-camera',
  },
  {
    id: 'confirm',
    title: { ja: '入力内容の確認・送信', en: 'Confirm and submit' },
    script: {
      ja: '内容を読み上げますので、間違いがないかご確認ください。',
      en: 'I will read the details back; please check they are right.',
    },
  },
  {
    id: 'next',
    title: { ja: '今後の流れの説明', en: 'What happens next' },
    script: {
      ja: '約1か月後に交付通知書が届きます。届きましたら、本人確認書類を持って窓口でお受け取りください。',
      en: 'A notice arrives by post in about a month. Then collect the card at the counter with identification.',
    },
  },
];

/** A procedure done with the card on the reader: greet, card ready, PIN, its own steps, then done. */
const onTheReader = (card: Pick<GuideStep, 'title' | 'script'>, steps: GuideStep[], done: GuideStep['script']): GuideStep[] => [
  greet,
  { id: 'card', ...card, card: 'card-ready' },
  pinStep('pin', { ja: 'これから', en: 'Next' }),
  ...steps,
  { id: 'done', title: { ja: '完了の確認', en: 'Confirm completion' }, script: done },
];

export const procedureGuides: Record<Procedure, GuideStep[]> = {
  new_application: application({ ja: '交付申請書', en: 'application form' }),
  renewal: application({ ja: '有効期限通知書（新しい申請書）', en: 'renewal notice (with a new form)' }),
  lost_reissue: [
    greet,
    {
      id: 'suspended',
      title: { ja: '一時停止・警察への届出の確認', en: 'Suspension and police report' },
      script: {
        ja: 'カードの一時停止（コールセンター）と警察への遺失届はお済みですか。',
        en: 'Have you suspended the card through the call centre and reported the loss to the police?',
      },
    },
    {
      id: 'fee',
      title: { ja: '紛失届・手数料（800円、電子証明書は＋200円）', en: 'Loss report and fee (¥800, +¥200 certificates)' },
      script: {
        ja: '再交付には手数料800円（電子証明書は200円）がかかります。窓口でのお支払いはお済みですか。',
        en: 'Reissue costs ¥800 (plus ¥200 for the certificates). Have you paid at the counter?',
      },
    },
    ...application({ ja: '交付申請書', en: 'application form' }).slice(1),
  ],
  health_insurance: onTheReader(
    {
      title: { ja: 'カードの準備', en: 'Card ready' },
      script: { ja: 'マイナンバーカードをカードリーダーに置いてください。', en: 'Please place your My Number Card on the reader.' },
    },
    [
      {
        id: 'register',
        title: { ja: '健康保険証利用登録', en: 'Register for health-insurance use' },
        script: { ja: '画面の「申し込む」を押してください。', en: 'Press “Apply” on the screen.' },
      },
    ],
    { ja: '登録が完了しました。医療機関でカードをお使いいただけます。', en: 'Done. You can now use the card at medical institutions.' },
  ),
  bank_account: onTheReader(
    {
      title: { ja: 'カードの準備（2回読み取ります）', en: 'Card ready (read twice)' },
      script: {
        ja: 'カードを2回読み取ります。カードリーダーに置いてください。',
        en: 'The card is read twice. Please place it on the reader.',
      },
    },
    [
      {
        id: 'account',
        title: { ja: '口座情報の入力（ご本人が入力）', en: 'Account details (the resident enters them)' },
        script: {
          ja: '口座情報はご自身で画面に入力してください。こちらでは記録しません。',
          en: 'Please enter your account details yourself; we do not record them.',
        },
      },
      pinStep('pin-again', { ja: '確認のため、もう一度', en: 'To confirm, once more' }),
    ],
    { ja: '公金受取口座の登録が完了しました。', en: 'Your public-fund account is registered.' },
  ),
  other_mynaportal: [
    greet,
    {
      id: 'listen',
      title: { ja: 'ご用件の確認', en: 'Ask what they need' },
      script: { ja: '本日はどのようなお手続きでしょうか。', en: 'What would you like to do today?' },
    },
  ],
};

/** Non-personal note categories the operator picks when ending a call. */
export const notesCategories = [
  'none',
  'form-missing',
  'pin-locked',
  'certificate-renewal',
  'photo-retake',
  'technical-issue',
  'language-support',
  'other',
] as const;
export type NotesCategory = (typeof notesCategories)[number];
