import type { Messages } from './ja';

const zhHans: Messages = {
  meta: {
    name: '中文（简体）',
    language: '语言',
  },
  display: {
    textSize: '文字大小',
    standard: '标准',
    large: '大',
    largest: '特大',
    readAloud: '朗读',
    stop: '停止朗读',
  },
  common: {
    back: '返回',
    toStart: '返回首页',
    yes: '是',
    no: '否',
    jaOnly: '此内容仅有日语版本。',
    easyJaOnly: '此内容仅有简明日语（やさしい日本語）版本。',
    secondsToStart: '{{seconds}} 秒后返回首页',
  },
  attract: {
    title: '通过视频通话，协助您办理个人编号卡（My Number Card）的手续',
    start: '开始视频咨询',
    touch: '请触摸屏幕',
    invite: '触摸开始 — 可使用中文',
  },
  language: {
    title: '请选择语言',
  },
  procedure: {
    title: '请选择您要办理的事项',
    new_application: { title: '首次申请办卡', detail: '新申请' },
    renewal: { title: '更新卡片', detail: '有效期将到或已过（更新申请）' },
    lost_reissue: { title: '卡片丢失', detail: '丢失补办' },
    health_insurance: { title: '将卡片用作健康保险证', detail: '健康保险证使用登记' },
    bank_account: { title: '登记领取公共款项的银行账户', detail: '公款领取账户登记' },
    other_mynaportal: { title: 'Mynaportal 的其他手续', detail: '其他咨询' },
  },
  eligibility: {
    title: '请确认',
    progress: '第 {{current}} 题 / 共 {{total}} 题',
  },
  referral: {
    title: '请到窗口办理此手续',
    lead: '此手续无法通过视频通话办理。请阅读以下说明。',
  },
  consent: {
    title: '使用条款与个人信息的处理',
    lead: '请阅读以下内容。如同意，请按“同意并开始咨询”。',
    terms: '使用条款',
    privacy: '隐私政策',
    scroll: '可上下滑动阅读',
    agree: '同意并开始咨询',
    updated: '内容已更新，请重新阅读。',
  },
  requesting: {
    title: '正在准备为您接通',
  },
  waiting: {
    title: '正在为您接通客服人员，请稍候。',
    position: '您的排队顺序',
    positionValue: '第 {{position}} 位',
    next: '下一位就是您',
    wait: '预计等待时间',
    waitValue: '约 {{minutes}} 分钟',
    soon: '马上',
    accepted: '客服人员已应答，马上为您接通。',
    cancel: '取消咨询',
    /** While waiting, nobody who could take the call is on duty any more. */
    noOperator: '目前没有可以为您服务的工作人员。您可以继续等待，或前往服务窗口。',
    /** After a while without a touch: is anyone still there? */
    stillThere: {
      title: '您还在等待吗？',
      stay: '是的，我还在',
      giveUp: '如果不触摸屏幕，{{seconds}}秒后将取消您的咨询',
    },
  },
  /** Nobody who could take the call is on duty: said before the resident waits. */
  noOperator: {
    title: '目前无法为您接通视频通话',
    'not-served': '目前没有能用您的语言办理此手续的工作人员。',
    'none-on-duty': '能办理此手续的工作人员目前正在休息或不在座位，无法确定何时返回。',
    where: '请前往服务窗口，或稍后再试。',
  },
  call: {
    operator: '负责客服',
    you: '您',
    operatorVideoPending: '正在等待客服人员的画面',
    end: '结束通话',
    endConfirm: '要结束通话吗？',
    endYes: '结束',
    endNo: '继续',
    quality: {
      label: '网络状态',
      excellent: '非常好',
      good: '良好',
      poor: '较差',
      lost: '已中断',
      unknown: '确认中',
    },
    degraded: '网络状态较差，已将画面调小',
    reconnecting: '正在重新连接，请稍候。',
    connectFailed: '无法与工作人员连接。请在此稍候；如果仍无法连接，将返回开始画面。',
  },
  pin: {
    title: '请输入密码',
    body: '客服人员看不到摄像头画面',
    note: '请不要把密码告诉任何人。客服人员也不会询问。',
    done: '已输入完毕',
  },
  photo: {
    title: '现在拍摄脸部照片',
    guide: '请把脸对准框内',
    instructions: {
      straight: '请正视摄像头',
      hat: '请摘下帽子',
      hair: '请不要让头发遮住脸',
      glasses: '请注意眼镜不要反光',
      expression: '请闭上嘴，保持自然表情',
      still: '拍摄时请不要动',
    },
    countdown: '即将拍摄',
    taken: '已拍摄。客服人员正在确认。',
    failed: '拍摄没有成功。请等待客服人员的指引。',
    approvedTitle: '将使用这张照片申请',
    approvedBody: '客服人员已确认照片。',
  },
  guidance: {
    from: '客服人员的请求',
    close: '关闭',
    cards: {
      'card-ready': {
        title: '请准备好个人编号卡',
        body: '请把卡片拿出来放在手边。',
      },
      'scan-qr': {
        title: '请将二维码对准摄像头',
        body: '请将交付申请书上的二维码在摄像头前保持不动。',
      },
      'keep-pin-private': {
        title: '密码需要保密',
        body: '请不要告诉任何人。客服人员也不会询问。',
      },
      'form-ready': {
        title: '请准备好交付申请书',
        body: '印有二维码的纸质申请书。',
      },
      'look-at-camera': {
        title: '请看摄像头',
        body: '现在拍摄您的照片。请正对摄像头，保持不动。',
      },
      'wait-a-moment': {
        title: '请稍候',
        body: '客服人员正在确认。',
      },
    },
  },
  closed: {
    title: '现在不在受理时间内',
    next: '下次受理开始',
    nextUnknown: '受理时间请向町政府（市政府）咨询。',
  },
  thanks: {
    title: '感谢您的使用',
    body: '请不要忘记随身物品。',
  },
  problem: {
    unavailable: {
      title: '现在无法为您接通',
      body: '请稍后再试。',
    },
    'connection-lost': {
      title: '连接已中断',
      body: '请从头重新开始。',
    },
  },
  idle: {
    title: '您还在使用吗？',
    continue: '继续',
  },
  /** Staff switched the maintenance screen on (decision 0014). */
  maintenance: {
    title: '正在维护中',
    body: '请稍候。给您带来不便，敬请谅解。',
  },
  unavailable: {
    title: '暂时无法使用',
    body: '由于网络故障，视频通话咨询暂停服务。',
    goToCounter: '办理手续请前往{{municipality}}的窗口。',
    goToCounterUnknown: '办理手续请前往您所在市区町村的窗口。',
    back: '连接恢复后将自动重新开始服务。',
  },
  device: {
    notProvisioned: {
      title: '此终端尚未登记',
      body: '请向管理员索取登记用链接。',
    },
  },
};

export default zhHans;
