/**
 * The residents' pop-up page (/popups/<code>) speaks the booth's six languages — not the staff
 * screens' two — so its few words live here, with the procedures and kinds of site in each language.
 */
import type { Language, PopupSiteKind, Procedure } from '@madoguchi/db/vocabulary';

export const publicLanguages = ['ja', 'en', 'zh-Hans', 'ko', 'vi', 'pt'] as const satisfies readonly Language[];
export const isPublicLanguage = (v: unknown): v is Language => publicLanguages.includes(v as Language);

export const languageNames: Record<Language, string> = {
  ja: '日本語',
  en: 'English',
  'zh-Hans': '中文',
  ko: '한국어',
  vi: 'Tiếng Việt',
  pt: 'Português',
};

interface Words {
  title: (town: string) => string;
  intro: string;
  none: string;
  dates: string;
  procedures: string;
  calendar: string;
  book: string;
  languages: string;
  bring: string;
}

export const publicWords: Record<Language, Words> = {
  ja: {
    title: (town) => `${town} マイナンバーカード 臨時申請会場`,
    intro: 'ショッピングモールや公民館などで、ビデオ通話でマイナンバーカードの手続をお手伝いします。日時は日本時間です。',
    none: '予定されている臨時会場はありません。',
    dates: '日時',
    procedures: '受付する手続',
    calendar: 'カレンダーに追加（.ics）',
    book: 'この会場の予約をする',
    languages: '言語',
    bring: '通知書・本人確認書類をお持ちください。',
  },
  en: {
    title: (town) => `${town}: pop-up My Number Card sites`,
    intro:
      'At shopping malls, community centres and other places, an operator helps you by video call with My Number Card procedures. Times are Japan time.',
    none: 'No pop-up sites are planned.',
    dates: 'Dates and hours',
    procedures: 'Procedures offered',
    calendar: 'Add to calendar (.ics)',
    book: 'Book a slot here',
    languages: 'Language',
    bring: 'Please bring your notice and an identity document.',
  },
  'zh-Hans': {
    title: (town) => `${town} 个人编号卡临时申请会场`,
    intro: '在购物中心、公民馆等地，通过视频通话协助您办理个人编号卡手续。时间为日本时间。',
    none: '目前没有计划中的临时会场。',
    dates: '日期和时间',
    procedures: '受理的手续',
    calendar: '添加到日历（.ics）',
    book: '预约此会场',
    languages: '语言',
    bring: '请携带通知书和身份证明文件。',
  },
  ko: {
    title: (town) => `${town} 마이넘버카드 임시 접수처`,
    intro: '쇼핑몰, 공민관 등에서 화상 통화로 마이넘버카드 수속을 도와드립니다. 시간은 일본 시간입니다.',
    none: '예정된 임시 접수처가 없습니다.',
    dates: '일시',
    procedures: '접수하는 수속',
    calendar: '캘린더에 추가(.ics)',
    book: '이 접수처 예약하기',
    languages: '언어',
    bring: '통지서와 본인 확인 서류를 지참해 주세요.',
  },
  vi: {
    title: (town) => `${town}: điểm tiếp nhận thẻ My Number lưu động`,
    intro: 'Tại trung tâm thương mại, nhà văn hóa…, nhân viên hỗ trợ thủ tục thẻ My Number qua cuộc gọi video. Giờ theo giờ Nhật Bản.',
    none: 'Hiện chưa có điểm tiếp nhận lưu động nào.',
    dates: 'Ngày và giờ',
    procedures: 'Thủ tục tiếp nhận',
    calendar: 'Thêm vào lịch (.ics)',
    book: 'Đặt lịch tại đây',
    languages: 'Ngôn ngữ',
    bring: 'Vui lòng mang theo giấy thông báo và giấy tờ tùy thân.',
  },
  pt: {
    title: (town) => `${town}: postos temporários do cartão My Number`,
    intro:
      'Em shoppings, centros comunitários e outros locais, um atendente ajuda por videochamada com o cartão My Number. Horários no fuso do Japão.',
    none: 'Nenhum posto temporário planejado.',
    dates: 'Datas e horários',
    procedures: 'Procedimentos atendidos',
    calendar: 'Adicionar ao calendário (.ics)',
    book: 'Agendar um horário aqui',
    languages: 'Idioma',
    bring: 'Traga a notificação e um documento de identidade.',
  },
};

export const publicProcedureNames: Record<Language, Record<Procedure, string>> = {
  ja: {
    new_application: '新規申請',
    renewal: '更新申請',
    lost_reissue: '紛失による再交付',
    health_insurance: '健康保険証の利用登録',
    bank_account: '公金受取口座の登録',
    other_mynaportal: 'その他マイナポータル',
  },
  en: {
    new_application: 'New application',
    renewal: 'Renewal',
    lost_reissue: 'Reissue of a lost card',
    health_insurance: 'Health-insurance linkage',
    bank_account: 'Public-fund bank account',
    other_mynaportal: 'Other Mynaportal help',
  },
  'zh-Hans': {
    new_application: '新申请',
    renewal: '更新申请',
    lost_reissue: '遗失补办',
    health_insurance: '健康保险证使用登记',
    bank_account: '公共资金领取账户登记',
    other_mynaportal: '其他 Mynaportal 手续',
  },
  ko: {
    new_application: '신규 신청',
    renewal: '갱신 신청',
    lost_reissue: '분실 재발급',
    health_insurance: '건강보험증 이용 등록',
    bank_account: '공금 수취 계좌 등록',
    other_mynaportal: '기타 마이나포털',
  },
  vi: {
    new_application: 'Đăng ký mới',
    renewal: 'Gia hạn',
    lost_reissue: 'Cấp lại thẻ bị mất',
    health_insurance: 'Liên kết bảo hiểm y tế',
    bank_account: 'Đăng ký tài khoản nhận tiền công',
    other_mynaportal: 'Thủ tục Mynaportal khác',
  },
  pt: {
    new_application: 'Nova solicitação',
    renewal: 'Renovação',
    lost_reissue: 'Reemissão por perda',
    health_insurance: 'Vínculo com o seguro de saúde',
    bank_account: 'Conta para recebimentos públicos',
    other_mynaportal: 'Outros serviços Mynaportal',
  },
};

export const publicSiteKinds: Record<Language, Record<PopupSiteKind, string>> = {
  ja: { mall: '商業施設', community_centre: '公民館・地区センター', care_home: '介護施設', school: '学校', other: 'その他' },
  en: { mall: 'Shopping mall', community_centre: 'Community centre', care_home: 'Care home', school: 'School', other: 'Other' },
  'zh-Hans': { mall: '商业设施', community_centre: '公民馆', care_home: '护理机构', school: '学校', other: '其他' },
  ko: { mall: '상업 시설', community_centre: '공민관', care_home: '요양 시설', school: '학교', other: '기타' },
  vi: { mall: 'Trung tâm thương mại', community_centre: 'Nhà văn hóa', care_home: 'Cơ sở chăm sóc', school: 'Trường học', other: 'Khác' },
  pt: { mall: 'Shopping', community_centre: 'Centro comunitário', care_home: 'Casa de repouso', school: 'Escola', other: 'Outro' },
};

/** A date with its weekday in the language ('2026-11-23' → 2026年11月23日月曜日 …), on the server only. */
export function publicDate(date: string, language: Language): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}
