/**
 * Town D of the e2e run: a town whose residents speak many languages (Habikino's spec asks for
 * non-Japanese speakers). Every procedure, a question translated into every booth language (the
 * Portuguese the longest), and terms long enough to scroll — except in Vietnamese, which the
 * languages spec has the administrator add through the form. The kiosk layout spec walks every
 * screen here in six languages.
 */

import { everyDayCalendar } from '@madoguchi/app/calendar';
import type { MunicipalitySeed } from '@madoguchi/app/seed';
import type { EligibilityQuestion, LocalizedText } from '@madoguchi/db';

const hasForm: EligibilityQuestion = {
  id: 'has-form',
  text: {
    ja: '交付申請書（QRコード付き）をお持ちですか？',
    en: 'Do you have the application form with a QR code that was mailed to your home?',
    'zh-Hans': '您有邮寄到家中的带二维码的交付申请书吗？',
    ko: '자택으로 우송된 QR 코드가 있는 교부 신청서를 가지고 계십니까?',
    vi: 'Quý vị có mang theo đơn xin cấp thẻ có mã QR đã được gửi về nhà không?',
    pt: 'Você tem o formulário de solicitação com o código QR que foi enviado pela prefeitura para a sua residência?',
  },
  proceedIf: true,
  guidance: {
    ja: '申請書は市役所 1 階の市民課窓口でお渡しします。平日 8 時 45 分から 17 時 15 分まで受け付けています。',
    en: "Please get a new form at the citizens' section on the 1st floor of City Hall, weekdays 8:45 to 17:15.",
    'zh-Hans': '请到市政府一楼的市民课窗口领取新的申请书。受理时间为工作日 8:45 至 17:15。',
    ko: '신청서는 시청 1층 시민과 창구에서 받으실 수 있습니다. 평일 8시 45분부터 17시 15분까지입니다.',
    vi: 'Vui lòng nhận đơn mới tại quầy Phòng Thị dân ở tầng 1 của Tòa thị chính, từ thứ Hai đến thứ Sáu, 8:45 đến 17:15.',
    pt: 'Por favor, retire um novo formulário no balcão da Seção de Cidadãos, no 1º andar da Prefeitura, de segunda a sexta-feira, das 8h45 às 17h15.',
  },
};

/** Numbered paragraphs, enough to need the documents box's own scrolling. */
const paragraphs = (lines: string[], times = 4) =>
  Array.from({ length: times }, () => lines)
    .flat()
    .map((line, i) => `${i + 1}. ${line}`)
    .join('\n\n');

const terms: LocalizedText = {
  ja: paragraphs([
    'この窓口は、マイナンバーカードの手続きをビデオ通話でお手伝いするものです。',
    '通話は録画しません。オペレーターは暗証番号を聞きません。',
  ]),
  en: paragraphs([
    'This counter helps you with My Number Card procedures over a video call.',
    'Calls are not recorded. The operator never asks for your PIN.',
  ]),
  'zh-Hans': paragraphs(['本窗口通过视频通话协助您办理个人编号卡的手续。', '通话不会被录像。工作人员不会询问您的密码。']),
  ko: paragraphs([
    '이 창구는 영상 통화로 마이넘버 카드 절차를 도와드립니다.',
    '통화는 녹화하지 않습니다. 상담원은 비밀번호를 묻지 않습니다.',
  ]),
  pt: paragraphs([
    'Este balcão ajuda você com os procedimentos do Cartão My Number por meio de uma chamada de vídeo.',
    'As chamadas não são gravadas. O atendente nunca pergunta a sua senha.',
  ]),
};

const privacy: LocalizedText = {
  ja: paragraphs(['氏名、住所、個人番号、暗証番号は記録しません。', '顔写真は通話の終了後に削除します。']),
  en: paragraphs(['We do not record your name, address, My Number or PIN.', 'The face photo is deleted after the call.']),
  'zh-Hans': paragraphs(['我们不记录您的姓名、地址、个人编号或密码。', '面部照片在通话结束后删除。']),
  ko: paragraphs(['성명, 주소, 개인번호, 비밀번호는 기록하지 않습니다.', '얼굴 사진은 통화가 끝난 후 삭제합니다.']),
  pt: paragraphs([
    'Não registramos o seu nome, endereço, número My Number nem a sua senha.',
    'A foto do rosto é apagada depois da chamada.',
  ]),
};

/** Where the counter is: on the booth's "temporarily unavailable" and "nobody can take the call" screens. */
export const counterGuidance: LocalizedText = {
  ja: '羽曳野市役所 1 階 市民課（平日 8:45〜17:15）',
  'ja-x-easy': '羽曳野市役所（はびきのしやくしょ）の 1かい 市民課（しみんか）。月曜日から 金曜日、8:45から 17:15まで。',
  en: "Citizens' section, 1st floor of Habikino City Hall (weekdays 8:45–17:15)",
  'zh-Hans': '羽曳野市政府一楼 市民课（工作日 8:45–17:15）',
  ko: '하비키노 시청 1층 시민과(평일 8:45~17:15)',
  vi: 'Phòng Thị dân, tầng 1 Tòa thị chính Habikino (ngày thường 8:45–17:15)',
  pt: 'Seção de Cidadãos, 1º andar da Prefeitura de Habikino (dias úteis, das 8h45 às 17h15)',
};

export const multilingualMunicipality: MunicipalitySeed = {
  code: '272221',
  name: '羽曳野市（E2E）',
  boothName: 'E2E 羽曳野ブース',
  calendar: everyDayCalendar([{ start: '00:00', end: '24:00' }]),
  procedures: ['new_application', 'renewal', 'lost_reissue', 'health_insurance', 'bank_account', 'other_mynaportal'],
  eligibility: { new_application: [hasForm] },
  counterGuidance,
  consent: { terms, privacy },
  logins: [{ loginId: 'op-d', role: 'operator', displayName: 'オペレーター 羽曳野', languages: ['ja', 'en', 'zh-Hans', 'ko', 'vi', 'pt'] }],
};
