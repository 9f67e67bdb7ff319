import type { Messages } from './ja';

const ko: Messages = {
  meta: {
    name: '한국어',
    language: '언어',
  },
  display: {
    textSize: '글자 크기',
    standard: '보통',
    large: '크게',
    largest: '아주 크게',
    readAloud: '소리로 읽기',
    stop: '읽기 멈추기',
  },
  common: {
    back: '뒤로',
    toStart: '처음 화면으로',
    yes: '예',
    no: '아니요',
    jaOnly: '이 내용은 일본어로만 제공됩니다.',
    easyJaOnly: '이 내용은 쉬운 일본어(やさしい日本語)로만 제공됩니다.',
    secondsToStart: '{{seconds}}초 후 처음 화면으로 돌아갑니다',
  },
  attract: {
    title: '마이넘버 카드 수속을 영상 통화로 도와드립니다',
    start: '영상 통화로 상담하기',
    touch: '화면을 터치해 주세요',
    invite: '터치하여 시작 — 한국어 지원',
  },
  language: {
    title: '언어를 선택해 주세요',
  },
  procedure: {
    title: '용건을 선택해 주세요',
    new_application: { title: '카드를 처음 만들기', detail: '신규 신청' },
    renewal: { title: '카드 갱신하기', detail: '유효기간이 다가옴·만료됨 (갱신 신청)' },
    lost_reissue: { title: '카드를 잃어버렸어요', detail: '분실·재발급' },
    health_insurance: { title: '건강보험증으로 사용하기', detail: '건강보험증 이용 등록' },
    bank_account: { title: '공금을 받을 계좌 등록하기', detail: '공금 수취 계좌 등록' },
    other_mynaportal: { title: '마이나포털의 기타 수속', detail: '기타 상담' },
  },
  eligibility: {
    title: '확인해 주세요',
    progress: '질문 {{current}} / {{total}}',
  },
  referral: {
    title: '이 수속은 창구에서 해 주세요',
    lead: '영상 통화로는 도와드릴 수 없습니다. 아래 안내를 읽어 주세요.',
  },
  consent: {
    title: '이용 약관 및 개인정보 취급',
    lead: '읽어 보시고 동의하시면 「동의하고 상담하기」를 눌러 주세요.',
    terms: '이용 약관',
    privacy: '개인정보 처리방침',
    scroll: '위아래로 밀어서 읽을 수 있습니다',
    agree: '동의하고 상담하기',
    updated: '내용이 변경되었습니다. 다시 읽어 주세요.',
  },
  requesting: {
    title: '연결을 준비하고 있습니다',
  },
  waiting: {
    title: '상담원에게 연결하고 있습니다. 잠시만 기다려 주세요.',
    position: '대기 순서',
    positionValue: '{{position}}번째',
    next: '다음 차례입니다',
    wait: '예상 대기 시간',
    waitValue: '약 {{minutes}}분',
    soon: '곧',
    accepted: '상담원이 응답했습니다. 곧 연결됩니다.',
    cancel: '상담 취소',
    /** While waiting, nobody who could take the call is on duty any more. */
    noOperator: '지금은 도와드릴 수 있는 상담원이 없습니다. 계속 기다리시거나 창구로 가 주세요.',
    /** After a while without a touch: is anyone still there? */
    stillThere: {
      title: '아직 기다리고 계신가요?',
      stay: '네, 기다리고 있어요',
      giveUp: '화면을 누르지 않으면 {{seconds}}초 후에 상담이 취소됩니다',
    },
  },
  /** Nobody who could take the call is on duty: said before the resident waits. */
  noOperator: {
    title: '지금은 영상 통화로 연결해 드릴 수 없습니다',
    'not-served': '지금은 이 언어로 이 절차를 도와드릴 수 있는 상담원이 없습니다.',
    'none-on-duty': '이 절차를 도와드릴 수 있는 상담원이 지금은 휴식 중이거나 자리에 없습니다. 언제 돌아올지는 알 수 없습니다.',
    where: '창구로 가시거나 잠시 후 다시 시도해 주세요.',
  },
  call: {
    operator: '담당 상담원',
    you: '나',
    operatorVideoPending: '상담원의 영상을 기다리고 있습니다',
    end: '통화 종료',
    endConfirm: '통화를 종료하시겠습니까?',
    endYes: '종료',
    endNo: '계속',
    quality: {
      label: '통신 상태',
      excellent: '매우 좋음',
      good: '좋음',
      poor: '나쁨',
      lost: '끊김',
      unknown: '확인 중',
    },
    degraded: '통신 상태가 나빠서 영상을 작게 하고 있습니다',
    reconnecting: '다시 연결하고 있습니다. 잠시만 기다려 주세요.',
    connectFailed: '상담원과 연결되지 않습니다. 잠시 기다려 주세요. 연결되지 않으면 처음 화면으로 돌아갑니다.',
  },
  pin: {
    title: '비밀번호를 입력해 주세요',
    body: '상담원에게는 카메라 영상이 보이지 않습니다',
    note: '비밀번호는 누구에게도 알려 주지 마세요. 상담원도 묻지 않습니다.',
    done: '입력을 마쳤습니다',
  },
  photo: {
    title: '얼굴 사진을 찍습니다',
    guide: '얼굴을 틀 안에 맞춰 주세요',
    instructions: {
      straight: '카메라를 똑바로 봐 주세요',
      hat: '모자는 벗어 주세요',
      hair: '머리카락이 얼굴을 가리지 않게 해 주세요',
      glasses: '안경에 빛이 반사되지 않게 해 주세요',
      expression: '입을 다물고 평소 표정으로',
      still: '촬영할 때는 움직이지 마세요',
    },
    countdown: '곧 촬영합니다',
    taken: '촬영했습니다. 상담원이 확인하고 있습니다.',
    failed: '촬영이 잘 되지 않았습니다. 상담원의 안내를 기다려 주세요.',
    approvedTitle: '이 사진으로 신청합니다',
    approvedBody: '상담원이 사진을 확인했습니다.',
  },
  guidance: {
    from: '상담원의 부탁',
    close: '닫기',
    cards: {
      'card-ready': {
        title: '마이넘버 카드를 준비해 주세요',
        body: '카드를 꺼내서 손에 들고 계세요.',
      },
      'scan-qr': {
        title: 'QR 코드를 카메라에 보여 주세요',
        body: '교부 신청서의 QR 코드를 카메라 앞에 멈춰 주세요.',
      },
      'keep-pin-private': {
        title: '비밀번호는 비밀입니다',
        body: '누구에게도 알려 주지 마세요. 상담원도 묻지 않습니다.',
      },
      'form-ready': {
        title: '교부 신청서를 준비해 주세요',
        body: 'QR 코드가 인쇄된 종이입니다.',
      },
      'look-at-camera': {
        title: '카메라를 봐 주세요',
        body: '얼굴 사진을 찍습니다. 정면을 보고 움직이지 마세요.',
      },
      'wait-a-moment': {
        title: '잠시만 기다려 주세요',
        body: '상담원이 확인하고 있습니다.',
      },
    },
  },
  closed: {
    title: '지금은 접수 시간이 아닙니다',
    next: '다음 접수 시작',
    nextUnknown: '접수 시간은 관공서에 문의해 주세요.',
  },
  thanks: {
    title: '이용해 주셔서 감사합니다',
    body: '잊으신 물건이 없는지 확인해 주세요.',
  },
  problem: {
    unavailable: {
      title: '지금은 연결할 수 없습니다',
      body: '잠시 후에 다시 시도해 주세요.',
    },
    'connection-lost': {
      title: '연결이 끊겼습니다',
      body: '처음부터 다시 시도해 주세요.',
    },
  },
  idle: {
    title: '아직 사용 중이신가요?',
    continue: '계속',
  },
  /** Staff switched the maintenance screen on (decision 0014). */
  maintenance: {
    title: '점검 중입니다',
    body: '잠시만 기다려 주십시오. 불편을 드려 죄송합니다.',
  },
  unavailable: {
    title: '현재 이용하실 수 없습니다',
    body: '통신 장애로 인해 영상 통화 상담을 일시 중지하고 있습니다.',
    goToCounter: '절차는 {{municipality}} 창구를 이용해 주십시오.',
    goToCounterUnknown: '절차는 거주하시는 시·구·정·촌 창구를 이용해 주십시오.',
    back: '연결이 복구되면 자동으로 다시 시작됩니다.',
  },
  device: {
    notProvisioned: {
      title: '이 단말기는 등록되지 않았습니다',
      body: '관리자에게 등록용 링크를 요청해 주세요.',
    },
  },
};

export default ko;
