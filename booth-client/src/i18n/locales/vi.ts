import type { Messages } from './ja';

const vi: Messages = {
  meta: {
    name: 'Tiếng Việt',
    language: 'Ngôn ngữ',
  },
  display: {
    textSize: 'Cỡ chữ',
    standard: 'Thường',
    large: 'Lớn',
    largest: 'Rất lớn',
    readAloud: 'Đọc to',
    stop: 'Dừng đọc',
  },
  common: {
    back: 'Quay lại',
    toStart: 'Về màn hình đầu',
    yes: 'Có',
    no: 'Không',
    jaOnly: 'Nội dung này chỉ có bằng tiếng Nhật.',
    easyJaOnly: 'Nội dung này chỉ có bằng tiếng Nhật đơn giản (やさしい日本語).',
    secondsToStart: 'Sẽ về màn hình đầu sau {{seconds}} giây',
  },
  attract: {
    title: 'Hỗ trợ thủ tục thẻ My Number qua cuộc gọi video',
    start: 'Bắt đầu gọi video',
    touch: 'Hãy chạm vào màn hình',
    invite: 'Chạm để bắt đầu — có tiếng Việt',
  },
  language: {
    title: 'Hãy chọn ngôn ngữ',
  },
  procedure: {
    title: 'Bạn cần làm thủ tục gì?',
    new_application: { title: 'Làm thẻ lần đầu', detail: 'Đăng ký mới' },
    renewal: { title: 'Gia hạn thẻ', detail: 'Thẻ sắp hết hạn hoặc đã hết hạn' },
    lost_reissue: { title: 'Tôi bị mất thẻ', detail: 'Cấp lại thẻ bị mất' },
    health_insurance: { title: 'Dùng thẻ làm thẻ bảo hiểm y tế', detail: 'Đăng ký dùng làm thẻ bảo hiểm y tế' },
    bank_account: { title: 'Đăng ký tài khoản nhận tiền công', detail: 'Đăng ký tài khoản nhận tiền công' },
    other_mynaportal: { title: 'Thủ tục khác trên Mynaportal', detail: 'Hỏi đáp khác' },
  },
  eligibility: {
    title: 'Xin hãy xác nhận',
    progress: 'Câu {{current}} / {{total}}',
  },
  referral: {
    title: 'Xin hãy làm thủ tục này tại quầy',
    lead: 'Chúng tôi không thể hỗ trợ thủ tục này qua cuộc gọi video. Xin hãy đọc hướng dẫn bên dưới.',
  },
  consent: {
    title: 'Điều khoản sử dụng và xử lý thông tin cá nhân',
    lead: 'Xin hãy đọc. Nếu đồng ý, hãy nhấn “Đồng ý và bắt đầu”.',
    terms: 'Điều khoản sử dụng',
    privacy: 'Chính sách bảo mật',
    scroll: 'Vuốt lên xuống để đọc',
    agree: 'Đồng ý và bắt đầu',
    updated: 'Nội dung đã được cập nhật. Xin hãy đọc lại.',
  },
  requesting: {
    title: 'Đang chuẩn bị kết nối',
  },
  waiting: {
    title: 'Đang kết nối với nhân viên hỗ trợ. Xin vui lòng chờ.',
    position: 'Thứ tự của bạn',
    positionValue: 'Số {{position}}',
    next: 'Bạn là người tiếp theo',
    wait: 'Thời gian chờ dự kiến',
    waitValue: 'Khoảng {{minutes}} phút',
    soon: 'Sắp đến lượt',
    accepted: 'Nhân viên đã trả lời. Sắp kết nối.',
    cancel: 'Hủy',
    /** While waiting, nobody who could take the call is on duty any more. */
    noOperator: 'Hiện không có nhân viên nào có thể hỗ trợ bạn. Bạn có thể tiếp tục chờ hoặc đến quầy tiếp nhận.',
    /** After a while without a touch: is anyone still there? */
    stillThere: {
      title: 'Bạn vẫn đang chờ chứ?',
      stay: 'Vâng, tôi vẫn ở đây',
      giveUp: 'Nếu không chạm vào màn hình, yêu cầu sẽ bị hủy sau {{seconds}} giây',
    },
  },
  /** Nobody who could take the call is on duty: said before the resident waits. */
  noOperator: {
    title: 'Hiện không thể kết nối cuộc gọi video',
    'not-served': 'Hiện không có nhân viên nào hỗ trợ thủ tục này bằng ngôn ngữ của bạn.',
    'none-on-duty': 'Các nhân viên hỗ trợ thủ tục này hiện đang nghỉ hoặc vắng mặt. Chúng tôi không biết khi nào họ quay lại.',
    where: 'Vui lòng đến quầy tiếp nhận, hoặc thử lại sau.',
  },
  call: {
    operator: 'Nhân viên hỗ trợ',
    you: 'Bạn',
    operatorVideoPending: 'Đang chờ hình ảnh của nhân viên',
    end: 'Kết thúc cuộc gọi',
    endConfirm: 'Kết thúc cuộc gọi?',
    endYes: 'Kết thúc',
    endNo: 'Tiếp tục',
    quality: {
      label: 'Kết nối',
      excellent: 'Rất tốt',
      good: 'Tốt',
      poor: 'Kém',
      lost: 'Bị gián đoạn',
      unknown: 'Đang kiểm tra',
    },
    degraded: 'Kết nối kém nên hình ảnh đang được thu nhỏ',
    reconnecting: 'Đang kết nối lại. Xin vui lòng chờ.',
    connectFailed: 'Chưa kết nối được với nhân viên. Xin vui lòng chờ; nếu vẫn không kết nối được, máy sẽ trở về màn hình đầu.',
  },
  pin: {
    title: 'Xin hãy nhập mã PIN',
    body: 'Nhân viên không nhìn thấy hình ảnh từ camera',
    note: 'Đừng nói mã PIN cho bất kỳ ai. Nhân viên cũng không bao giờ hỏi.',
    done: 'Đã nhập xong',
  },
  photo: {
    title: 'Chụp ảnh khuôn mặt',
    guide: 'Hãy đặt khuôn mặt vào trong khung',
    instructions: {
      straight: 'Hãy nhìn thẳng vào camera',
      hat: 'Xin hãy bỏ mũ ra',
      hair: 'Đừng để tóc che mặt',
      glasses: 'Đừng để kính bị lóa sáng',
      expression: 'Ngậm miệng, giữ nét mặt tự nhiên',
      still: 'Giữ yên khi chụp',
    },
    countdown: 'Sắp chụp',
    taken: 'Đã chụp. Nhân viên đang kiểm tra.',
    failed: 'Chụp không thành công. Xin chờ hướng dẫn của nhân viên.',
    approvedTitle: 'Ảnh này sẽ được dùng để nộp đơn',
    approvedBody: 'Nhân viên đã kiểm tra ảnh.',
  },
  guidance: {
    from: 'Yêu cầu từ nhân viên',
    close: 'Đóng',
    cards: {
      'card-ready': {
        title: 'Xin hãy chuẩn bị thẻ My Number',
        body: 'Hãy lấy thẻ ra và cầm trong tay.',
      },
      'scan-qr': {
        title: 'Hãy đưa mã QR về phía camera',
        body: 'Giữ yên mã QR trên đơn đề nghị cấp thẻ trước camera.',
      },
      'keep-pin-private': {
        title: 'Mã PIN là bí mật',
        body: 'Đừng nói cho bất kỳ ai. Nhân viên cũng không bao giờ hỏi.',
      },
      'form-ready': {
        title: 'Xin hãy chuẩn bị đơn đề nghị cấp thẻ',
        body: 'Tờ giấy có in mã QR.',
      },
      'look-at-camera': {
        title: 'Xin hãy nhìn vào camera',
        body: 'Chúng tôi sẽ chụp ảnh. Hãy nhìn thẳng và giữ yên.',
      },
      'wait-a-moment': {
        title: 'Xin vui lòng chờ một chút',
        body: 'Nhân viên đang kiểm tra.',
      },
    },
  },
  closed: {
    title: 'Hiện đang ngoài giờ tiếp nhận',
    next: 'Giờ mở cửa tiếp theo',
    nextUnknown: 'Xin hỏi ủy ban về giờ tiếp nhận.',
  },
  thanks: {
    title: 'Cảm ơn bạn đã sử dụng',
    body: 'Xin đừng để quên đồ.',
  },
  problem: {
    unavailable: {
      title: 'Hiện không thể kết nối',
      body: 'Xin hãy thử lại sau một lúc.',
    },
    'connection-lost': {
      title: 'Mất kết nối',
      body: 'Xin hãy bắt đầu lại từ đầu.',
    },
  },
  idle: {
    title: 'Bạn vẫn đang sử dụng chứ?',
    continue: 'Tiếp tục',
  },
  /** Staff switched the maintenance screen on (decision 0014). */
  maintenance: {
    title: 'Đang bảo trì',
    body: 'Vui lòng đợi trong giây lát. Xin lỗi vì sự bất tiện này.',
  },
  unavailable: {
    title: 'Tạm thời không sử dụng được',
    body: 'Do sự cố kết nối, dịch vụ hỗ trợ qua cuộc gọi video đang tạm ngừng.',
    goToCounter: 'Để làm thủ tục, vui lòng đến quầy của {{municipality}}.',
    goToCounterUnknown: 'Để làm thủ tục, vui lòng đến quầy của chính quyền địa phương nơi quý vị sống.',
    back: 'Quầy sẽ tự động hoạt động lại ngay khi có kết nối.',
  },
  device: {
    notProvisioned: {
      title: 'Thiết bị này chưa được đăng ký',
      body: 'Xin hãy nhờ quản trị viên gửi đường dẫn đăng ký.',
    },
  },
};

export default vi;
