/**
 * Japanese — the reference language: every other locale must have exactly these keys (checked by
 * the type `Messages` and by i18n.test.ts).
 *
 * Furigana: write `{漢字|かんじ}` and <Text> renders it as <ruby>. Keep it out of the lines the
 * e2e tests match (the start button, the waiting status, the PIN notice).
 */
const ja = {
  meta: {
    /** The language's own name, on the language screen. */
    name: '日本語',
    /** "Language" in this language, under the language screen's title. */
    language: 'ことば',
  },
  /** The text-size control and "read aloud" on every screen (display/). */
  display: {
    textSize: '{文字|もじ}の 大きさ',
    standard: 'ふつう',
    large: '大きい',
    largest: 'とても大きい',
    readAloud: '声で読む',
    stop: '読むのを止める',
  },
  common: {
    back: 'もどる',
    toStart: '最初の画面にもどる',
    yes: 'はい',
    no: 'いいえ',
    jaOnly: 'この内容は日本語のみです。',
    easyJaOnly: 'この内容は やさしい日本語のみです。',
    secondsToStart: '{{seconds}}秒後に最初の画面にもどります',
  },
  attract: {
    title: 'マイナンバーカードの手続きを、ビデオ通話でお手伝いします',
    start: 'ビデオ通話で相談する',
    touch: '画面にタッチしてください',
    /** One line per language under the start button, inviting residents who do not read Japanese. */
    invite: 'タッチして はじめる',
  },
  language: {
    title: 'ことばを えらんでください',
  },
  procedure: {
    title: 'ご用件を えらんでください',
    new_application: { title: 'カードを はじめて作る', detail: '{新規申請|しんきしんせい}' },
    renewal: { title: 'カードを 新しくする', detail: '{有効期限|ゆうこうきげん}が近い・切れた（{更新|こうしん}）' },
    lost_reissue: { title: 'カードを なくした', detail: '{紛失|ふんしつ}・{再交付|さいこうふ}' },
    health_insurance: { title: '{保険証|ほけんしょう}として使う', detail: '{健康保険証|けんこうほけんしょう}{利用登録|りようとうろく}' },
    bank_account: { title: 'お金を受け取る{口座|こうざ}を登録する', detail: '{公金受取口座|こうきんうけとりこうざ}の登録' },
    other_mynaportal: { title: 'マイナポータルの そのほかの手続き', detail: 'そのほかの相談' },
  },
  eligibility: {
    title: 'かくにんさせてください',
    progress: '{{current}} / {{total}}',
  },
  referral: {
    title: 'この手続きは、{窓口|まどぐち}でお願いします',
    lead: 'ビデオ通話ではお手伝いできません。次のご案内をごらんください。',
  },
  consent: {
    title: '{利用規約|りようきやく}と {個人情報|こじんじょうほう}の あつかい',
    lead: 'お読みになり、よろしければ「同意して相談する」を押してください。',
    terms: '{利用規約|りようきやく}',
    privacy: 'プライバシーポリシー',
    scroll: '文章は上下に動かして読めます',
    agree: '同意して相談する',
    updated: '内容が新しくなりました。もう一度お読みください。',
  },
  requesting: {
    title: 'おつなぎする準備をしています',
  },
  waiting: {
    title: 'オペレーターにおつなぎしています。しばらくお待ちください。',
    position: 'あなたの順番',
    positionValue: '{{position}}番目',
    next: 'つぎです',
    wait: '待ち時間のめやす',
    waitValue: '約{{minutes}}分',
    soon: 'まもなく',
    accepted: 'オペレーターが{応答|おうとう}しました。まもなくつながります。',
    cancel: '相談をやめる',
    /** While waiting, nobody who could take the call is on duty any more. */
    noOperator: 'ただいま、あなたの相談に対応できるオペレーターがいません。このままお待ちいただくか、窓口へお越しください。',
    /** After a while without a touch: is anyone still there? */
    stillThere: {
      title: 'まだ お待ちですか？',
      stay: 'はい、待っています',
      giveUp: '画面にふれないと、{{seconds}}秒後に相談を取り消します',
    },
  },
  /** Nobody who could take the call is on duty: said before the resident waits. */
  noOperator: {
    title: 'ただいま ビデオ通話で おつなぎできません',
    'not-served': 'この言語・この手続に対応できるオペレーターが、いまはいません。',
    'none-on-duty': '対応できるオペレーターが、いまは休憩中または不在です。いつ戻るかは わかりません。',
    where: '窓口へお越しいただくか、時間をおいて もう一度お試しください。',
  },
  call: {
    operator: '担当オペレーター',
    you: 'あなた',
    operatorVideoPending: 'オペレーターの映像を待っています',
    end: '通話を終わる',
    endConfirm: '通話を終わりますか？',
    endYes: '終わる',
    endNo: '続ける',
    quality: {
      label: '通信状態',
      excellent: 'とても良い',
      good: '良い',
      poor: '悪い',
      lost: 'とぎれています',
      unknown: '確認中',
    },
    degraded: '通信状態が悪いため、映像を小さくしています',
    reconnecting: '再接続しています。しばらくお待ちください。',
    connectFailed: 'オペレーターとつながりません。このままお{待|ま}ちください。つながらないときは、はじめの{画面|がめん}にもどります。',
  },
  pin: {
    title: '暗証番号を入力してください',
    body: 'オペレーターにはカメラの映像が見えていません',
    note: '{暗証番号|あんしょうばんごう}は、だれにも教えないでください。オペレーターも聞きません。',
    done: '入力が終わりました',
  },
  photo: {
    title: '顔写真を{撮|と}ります',
    guide: '{枠|わく}の中に 顔を合わせてください',
    instructions: {
      straight: 'カメラを まっすぐ見てください',
      hat: '{帽子|ぼうし}は とってください',
      hair: '{髪|かみ}が 顔にかからないようにしてください',
      glasses: 'メガネが 光らないようにしてください',
      expression: '口を閉じて、ふだんの{表情|ひょうじょう}で',
      still: '{撮|と}るときは 動かないでください',
    },
    countdown: 'まもなく{撮|と}ります',
    taken: '{撮|と}りました。オペレーターが{確認|かくにん}しています。',
    failed: 'うまく{撮|と}れませんでした。オペレーターの{案内|あんない}をお待ちください。',
    approvedTitle: 'この写真で申請します',
    approvedBody: 'オペレーターが写真を{確認|かくにん}しました。',
  },
  guidance: {
    from: 'オペレーターからのお願い',
    close: '閉じる',
    cards: {
      'card-ready': {
        title: 'マイナンバーカードを ご用意ください',
        body: 'カードを手元に出してください。',
      },
      'scan-qr': {
        title: 'QRコードを カメラに向けてください',
        body: '{交付申請書|こうふしんせいしょ}のQRコードを、カメラの前で止めてください。',
      },
      'keep-pin-private': {
        title: '{暗証番号|あんしょうばんごう}は ひみつです',
        body: 'だれにも教えないでください。オペレーターも聞きません。',
      },
      'form-ready': {
        title: '{交付申請書|こうふしんせいしょ}を ご用意ください',
        body: 'QRコードが{印刷|いんさつ}された用紙です。',
      },
      'look-at-camera': {
        title: 'カメラを見てください',
        body: '顔写真をとります。正面を向いて、動かないでください。',
      },
      'wait-a-moment': {
        title: '少々お待ちください',
        body: 'オペレーターが{確認|かくにん}しています。',
      },
    },
  },
  closed: {
    title: 'ただいま受付時間外です',
    next: '次の受付開始',
    nextUnknown: '受付時間は、役場にお問い合わせください。',
  },
  thanks: {
    title: 'ご利用ありがとうございました',
    body: 'お{忘|わす}れ{物|もの}のないよう、お気をつけください。',
  },
  problem: {
    unavailable: {
      title: 'ただいま おつなぎできません',
      body: 'しばらくしてから、もう一度お試しください。',
    },
    'connection-lost': {
      title: '通信が切れました',
      body: 'もう一度はじめから お試しください。',
    },
  },
  idle: {
    title: 'まだ お使いですか？',
    continue: '続ける',
  },
  /** Staff switched the maintenance screen on (decision 0014). */
  maintenance: {
    title: 'ただいまメンテナンス中です',
    body: 'しばらくお待ちください。ご不便をおかけして申し訳ありません。',
  },
  /** The booth cannot reach its server or LiveKit (health/link.ts): no calls, where to go instead. */
  unavailable: {
    title: 'ただいま ご利用いただけません',
    body: '通信の不具合のため、ビデオ通話の相談を休止しています。',
    goToCounter: 'お手続きは、{{municipality}}の窓口へお越しください。',
    goToCounterUnknown: 'お手続きは、お住まいの市区町村の窓口へお越しください。',
    back: 'つながりしだい、自動で再開します。',
  },
  device: {
    notProvisioned: {
      title: 'この端末は登録されていません',
      body: '管理者に登録用のリンクを依頼してください。',
    },
  },
};

/** Every locale's shape: the same keys as Japanese, each a string. */
type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type Messages = Strings<typeof ja>;

export default ja satisfies Messages as Messages;
