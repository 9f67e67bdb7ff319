/**
 * The residents' pop-up page's (/popups/<code>) own words and kinds of site in the booth's six
 * languages; the languages, their names and the procedure names are shared with the reservation
 * page (web/public-language.ts).
 */
import type { Language, PopupSiteKind } from '@madoguchi/db/vocabulary';

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
