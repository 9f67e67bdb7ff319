/**
 * The residents' public pages (the reservation page /reserve/<code> and the pop-up list /popups/<code>)
 * speak the booth's six languages, not the staff screens' two. What both pages say alike lives here:
 * which languages, their names, which one a request asks for, and the procedures — named as the booth
 * names them (booth-client/src/i18n/locales, the titles, ruby removed), so a resident finds the same
 * words on the page and at the booth.
 */
import { type Language, languages, type Procedure } from '@madoguchi/db/vocabulary';

export const isPublicLanguage = (v: unknown): v is Language => languages.includes(v as Language);

/** Each language in itself, for the language switch. */
export const languageNames: Record<Language, string> = {
  ja: '日本語',
  en: 'English',
  'zh-Hans': '简体中文',
  ko: '한국어',
  vi: 'Tiếng Việt',
  pt: 'Português',
};

export const procedureNames: Record<Language, Record<Procedure, string>> = {
  ja: {
    new_application: 'カードを はじめて作る',
    renewal: 'カードを 新しくする',
    lost_reissue: 'カードを なくした',
    health_insurance: '保険証として使う',
    bank_account: 'お金を受け取る口座を登録する',
    other_mynaportal: 'マイナポータルの そのほかの手続き',
  },
  en: {
    new_application: 'Get a card for the first time',
    renewal: 'Renew my card',
    lost_reissue: 'I lost my card',
    health_insurance: 'Use my card as health insurance card',
    bank_account: 'Register a bank account for public payments',
    other_mynaportal: 'Other Mynaportal help',
  },
  'zh-Hans': {
    new_application: '首次申请办卡',
    renewal: '更新卡片',
    lost_reissue: '卡片丢失',
    health_insurance: '将卡片用作健康保险证',
    bank_account: '登记领取公共款项的银行账户',
    other_mynaportal: 'Mynaportal 的其他手续',
  },
  ko: {
    new_application: '카드를 처음 만들기',
    renewal: '카드 갱신하기',
    lost_reissue: '카드를 잃어버렸어요',
    health_insurance: '건강보험증으로 사용하기',
    bank_account: '공금을 받을 계좌 등록하기',
    other_mynaportal: '마이나포털의 기타 수속',
  },
  vi: {
    new_application: 'Làm thẻ lần đầu',
    renewal: 'Gia hạn thẻ',
    lost_reissue: 'Tôi bị mất thẻ',
    health_insurance: 'Dùng thẻ làm thẻ bảo hiểm y tế',
    bank_account: 'Đăng ký tài khoản nhận tiền công',
    other_mynaportal: 'Thủ tục khác trên Mynaportal',
  },
  pt: {
    new_application: 'Fazer o cartão pela primeira vez',
    renewal: 'Renovar o cartão',
    lost_reissue: 'Perdi o meu cartão',
    health_insurance: 'Usar o cartão como seguro-saúde',
    bank_account: 'Registrar conta para receber pagamentos públicos',
    other_mynaportal: 'Outros procedimentos no Mynaportal',
  },
};

/** The page's language: `?lang=` when it names one of the six, else the browser's first match, else Japanese. */
export function publicLanguageOf(requested: string | null, acceptLanguage: string | null): Language {
  if (requested && isPublicLanguage(requested)) return requested;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase();
    if (tag.startsWith('zh')) return 'zh-Hans';
    const found = languages.find((l) => l.toLowerCase() === tag || tag.startsWith(`${l}-`));
    if (found) return found;
  }
  return 'ja';
}
