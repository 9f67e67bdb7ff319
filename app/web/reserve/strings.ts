/**
 * The public reservation page's own texts in the booth's six languages (issue 17); the languages,
 * their names and the procedure names are shared with the pop-up page (web/public-language.ts). No
 * personal data is asked anywhere on the page.
 */
import type { Language } from '@madoguchi/db';

type Key =
  | 'title'
  | 'intro'
  | 'pageLanguage'
  | 'procedure'
  | 'callLanguage'
  | 'site'
  | 'day'
  | 'showTimes'
  | 'time'
  | 'placesLeft'
  | 'noTimes'
  | 'book'
  | 'booked'
  | 'yourCode'
  | 'showAtBooth'
  | 'window'
  | 'ics'
  | 'cancel'
  | 'cancelled'
  | 'move'
  | 'moveTo'
  | 'haveCode'
  | 'lookUp'
  | 'notFound'
  | 'full'
  | 'error'
  | 'state';

export const text: Record<Language, Record<Key, string>> = {
  ja: {
    title: '予約',
    intro: 'マイナンバーカードの手続の予約です。お名前や電話番号は不要です。',
    pageLanguage: '表示言語',
    procedure: '手続',
    callLanguage: '相談する言語',
    site: '会場',
    day: '日にち',
    showTimes: '空いている時間を見る',
    time: '時間',
    placesLeft: '残り',
    noTimes: 'この日は空いている時間がありません。',
    book: '予約する',
    booked: '予約しました',
    yourCode: '予約番号',
    showAtBooth: 'ブースでこのQRコードを見せるか、予約番号を入力してください。',
    window: '受付できる時間',
    ics: 'カレンダーに追加（.ics）',
    cancel: '予約を取り消す',
    cancelled: '予約を取り消しました。',
    move: '時間を変更する',
    moveTo: 'この時間に変更',
    haveCode: '予約番号をお持ちの方（確認・変更・取消）',
    lookUp: '確認する',
    notFound: 'その予約番号の予約は見つかりません。',
    full: 'その時間は満席になりました。別の時間をお選びください。',
    error: '処理できませんでした。もう一度お試しください。',
    state: '状態',
  },
  en: {
    title: 'Reservation',
    intro: 'Book a time for My Number Card procedures. No name or phone number is needed.',
    pageLanguage: 'Page language',
    procedure: 'Procedure',
    callLanguage: 'Language for the call',
    site: 'Place',
    day: 'Day',
    showTimes: 'Show free times',
    time: 'Time',
    placesLeft: 'left',
    noTimes: 'No free times on this day.',
    book: 'Book',
    booked: 'Booked',
    yourCode: 'Your reservation code',
    showAtBooth: 'Show this QR code at the booth, or type the code.',
    window: 'Check-in time',
    ics: 'Add to calendar (.ics)',
    cancel: 'Cancel the reservation',
    cancelled: 'The reservation is cancelled.',
    move: 'Change the time',
    moveTo: 'Change to this time',
    haveCode: 'Have a code? (check, change or cancel)',
    lookUp: 'Look up',
    notFound: 'No reservation has this code.',
    full: 'That time is now full. Please choose another time.',
    error: 'That did not work. Please try again.',
    state: 'Status',
  },
  'zh-Hans': {
    title: '预约',
    intro: '个人编号卡手续的预约。无需姓名或电话号码。',
    pageLanguage: '显示语言',
    procedure: '手续',
    callLanguage: '咨询语言',
    site: '地点',
    day: '日期',
    showTimes: '查看空闲时间',
    time: '时间',
    placesLeft: '剩余',
    noTimes: '这一天没有空闲时间。',
    book: '预约',
    booked: '已预约',
    yourCode: '预约编号',
    showAtBooth: '请在服务亭出示此二维码，或输入预约编号。',
    window: '签到时间',
    ics: '添加到日历（.ics）',
    cancel: '取消预约',
    cancelled: '预约已取消。',
    move: '更改时间',
    moveTo: '改为此时间',
    haveCode: '已有预约编号（查看・更改・取消）',
    lookUp: '查看',
    notFound: '找不到该预约编号的预约。',
    full: '该时间已满。请选择其他时间。',
    error: '处理失败。请重试。',
    state: '状态',
  },
  ko: {
    title: '예약',
    intro: '마이넘버카드 수속 예약입니다. 이름이나 전화번호는 필요 없습니다.',
    pageLanguage: '표시 언어',
    procedure: '수속',
    callLanguage: '상담 언어',
    site: '장소',
    day: '날짜',
    showTimes: '빈 시간 보기',
    time: '시간',
    placesLeft: '남음',
    noTimes: '이 날은 빈 시간이 없습니다.',
    book: '예약하기',
    booked: '예약되었습니다',
    yourCode: '예약 번호',
    showAtBooth: '부스에서 이 QR 코드를 보여 주거나 예약 번호를 입력하세요.',
    window: '체크인 시간',
    ics: '캘린더에 추가 (.ics)',
    cancel: '예약 취소',
    cancelled: '예약이 취소되었습니다.',
    move: '시간 변경',
    moveTo: '이 시간으로 변경',
    haveCode: '예약 번호가 있으신 분 (확인・변경・취소)',
    lookUp: '확인',
    notFound: '해당 예약 번호의 예약이 없습니다.',
    full: '그 시간은 마감되었습니다. 다른 시간을 선택하세요.',
    error: '처리하지 못했습니다. 다시 시도하세요.',
    state: '상태',
  },
  vi: {
    title: 'Đặt lịch',
    intro: 'Đặt lịch cho thủ tục thẻ My Number. Không cần tên hay số điện thoại.',
    pageLanguage: 'Ngôn ngữ trang',
    procedure: 'Thủ tục',
    callLanguage: 'Ngôn ngữ tư vấn',
    site: 'Địa điểm',
    day: 'Ngày',
    showTimes: 'Xem giờ còn trống',
    time: 'Giờ',
    placesLeft: 'còn',
    noTimes: 'Ngày này không còn giờ trống.',
    book: 'Đặt lịch',
    booked: 'Đã đặt lịch',
    yourCode: 'Mã đặt lịch',
    showAtBooth: 'Hãy cho xem mã QR này tại quầy, hoặc nhập mã.',
    window: 'Giờ check-in',
    ics: 'Thêm vào lịch (.ics)',
    cancel: 'Hủy đặt lịch',
    cancelled: 'Đã hủy đặt lịch.',
    move: 'Đổi giờ',
    moveTo: 'Đổi sang giờ này',
    haveCode: 'Đã có mã? (xem, đổi, hủy)',
    lookUp: 'Xem',
    notFound: 'Không tìm thấy lịch với mã này.',
    full: 'Giờ đó đã hết chỗ. Vui lòng chọn giờ khác.',
    error: 'Không thực hiện được. Vui lòng thử lại.',
    state: 'Trạng thái',
  },
  pt: {
    title: 'Reserva',
    intro: 'Reserve um horário para procedimentos do cartão My Number. Não é preciso nome nem telefone.',
    pageLanguage: 'Idioma da página',
    procedure: 'Procedimento',
    callLanguage: 'Idioma do atendimento',
    site: 'Local',
    day: 'Dia',
    showTimes: 'Ver horários livres',
    time: 'Horário',
    placesLeft: 'vagas',
    noTimes: 'Não há horários livres neste dia.',
    book: 'Reservar',
    booked: 'Reservado',
    yourCode: 'Código da reserva',
    showAtBooth: 'Mostre este código QR no quiosque, ou digite o código.',
    window: 'Horário de check-in',
    ics: 'Adicionar ao calendário (.ics)',
    cancel: 'Cancelar a reserva',
    cancelled: 'A reserva foi cancelada.',
    move: 'Mudar o horário',
    moveTo: 'Mudar para este horário',
    haveCode: 'Já tem um código? (ver, mudar ou cancelar)',
    lookUp: 'Ver',
    notFound: 'Nenhuma reserva com este código.',
    full: 'Esse horário lotou. Escolha outro horário.',
    error: 'Não foi possível. Tente novamente.',
    state: 'Situação',
  },
};

export const stateNames: Record<Language, Record<'booked' | 'checked_in' | 'served' | 'no_show' | 'cancelled', string>> = {
  ja: { booked: '予約中', checked_in: '受付済み', served: '対応済み', no_show: '期限切れ', cancelled: '取消済み' },
  en: { booked: 'Booked', checked_in: 'Checked in', served: 'Served', no_show: 'Expired', cancelled: 'Cancelled' },
  'zh-Hans': { booked: '已预约', checked_in: '已签到', served: '已办理', no_show: '已过期', cancelled: '已取消' },
  ko: { booked: '예약됨', checked_in: '체크인됨', served: '완료', no_show: '만료', cancelled: '취소됨' },
  vi: { booked: 'Đã đặt', checked_in: 'Đã check-in', served: 'Đã xong', no_show: 'Hết hạn', cancelled: 'Đã hủy' },
  pt: { booked: 'Reservado', checked_in: 'Check-in feito', served: 'Atendido', no_show: 'Expirado', cancelled: 'Cancelado' },
};
