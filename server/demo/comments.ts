/**
 * Demo comments that belong to their survey and criterion: a parent who rated the toilets low
 * writes about the toilets, someone who filed a procedure writes about the procedure, never about
 * school lunches. Keyed by survey kind, then criterion; `low` for an answer of 1-3, `high` for 4-5.
 */
export interface CommentPool {
  low: readonly string[];
  high: readonly string[];
}

const EDUCATION: Record<string, CommentPool> = {
  access: {
    low: [
      'Mong nhà trường thông báo các khoản thu sớm và rõ ràng hơn, có giải thích từng khoản.',
      'Khoản đóng góp quỹ lớp đầu năm còn cao, phụ huynh chưa được bàn bạc trước.',
      'Thông tin tuyển sinh đăng muộn, gia đình phải hỏi nhiều lần mới rõ thủ tục.',
    ],
    high: [
      'Các khoản thu được niêm yết công khai ngay từ đầu năm học, phụ huynh yên tâm.',
      'Thủ tục nhập học đơn giản, được hướng dẫn trực tuyến rất thuận tiện.',
    ],
  },
  facilities: {
    low: [
      'Nhà trường nên tăng cường vệ sinh khu nhà vệ sinh, nhất là buổi chiều.',
      'Phòng học nóng vào mùa hè, cần thêm quạt hoặc điều hoà.',
      'Sân trường cần thêm cây xanh và chỗ che nắng.',
      'Thư viện ít đầu sách mới, mong được bổ sung.',
    ],
    high: [
      'Phòng học sáng sủa, bàn ghế mới, các cháu học rất thoải mái.',
      'Khu vệ sinh sạch sẽ, có nước uống đầy đủ cho học sinh.',
    ],
  },
  environment: {
    low: [
      'Cổng trường giờ tan học ùn tắc, mong có người điều tiết.',
      'Mong giáo viên chủ nhiệm trao đổi với gia đình thường xuyên hơn qua sổ liên lạc điện tử.',
    ],
    high: [
      'Cô chủ nhiệm liên lạc thường xuyên với phụ huynh, rất hài lòng.',
      'Thầy cô và nhân viên nhà trường luôn niềm nở, con rất thích đến trường.',
    ],
  },
  activities: {
    low: [
      'Mong nhà trường tổ chức thêm hoạt động ngoại khóa, thể thao cho học sinh.',
      'Lịch kiểm tra dồn vào cuối kỳ, con bị áp lực nhiều.',
    ],
    high: ['Thầy cô rất tận tâm, quan tâm đến từng học sinh.', 'Con được tham gia nhiều hoạt động trải nghiệm bổ ích.'],
  },
  outcomes: {
    low: ['Con chưa tiến bộ nhiều ở môn Toán, mong thầy cô kèm thêm trên lớp.'],
    high: ['Con tiến bộ rõ rệt, tự giác học bài và lễ phép hơn.', 'Con có nền nếp tốt, biết tự phục vụ bản thân.'],
  },
};

/** Preschool and primary only: boarding meals, care and the second session of the day. */
const MEALS: CommentPool = {
  low: ['Thực đơn bán trú còn lặp lại, mong nhà trường thay đổi món thường xuyên hơn.'],
  high: ['Bữa ăn bán trú đa dạng, các cháu ăn ngon miệng.'],
};

const TTHC: Record<string, CommentPool> = {
  access: {
    low: [
      'Quầy tiếp nhận hồ sơ của Sở tại Trung tâm Phục vụ hành chính công ít ghế chờ, giờ cao điểm phải đứng lâu.',
      'Cổng Dịch vụ công đôi lúc lỗi khi tải tệp đính kèm, phải nộp lại nhiều lần.',
      'Hướng dẫn thành phần hồ sơ trên Cổng Dịch vụ công chưa cập nhật theo quy định mới.',
    ],
    high: [
      'Nộp hồ sơ trực tuyến thuận tiện, theo dõi được tiến độ trên Cổng Dịch vụ công.',
      'Trung tâm Phục vụ hành chính công rộng rãi, có máy lấy số thứ tự, không phải chờ lâu.',
    ],
  },
  procedure: {
    low: [
      'Hồ sơ đề nghị cấp bản sao bằng tốt nghiệp còn yêu cầu nhiều giấy tờ, mong được đơn giản hóa.',
      'Mẫu tờ khai xin chuyển trường cho con còn khó hiểu, nên có mẫu điền sẵn minh họa.',
    ],
    high: ['Thành phần hồ sơ đúng như niêm yết, không phải bổ sung giấy tờ ngoài quy định.'],
  },
  staff: {
    low: [
      'Thời gian chờ hơi lâu, mong bố trí thêm người tiếp nhận hồ sơ.',
      'Công chức hướng dẫn chưa một lần đầy đủ, tôi phải đi lại hai lần để bổ sung hồ sơ.',
    ],
    high: [
      'Công chức tiếp nhận hồ sơ hướng dẫn nhiệt tình, rõ ràng.',
      'Cán bộ lịch sự, giải thích cặn kẽ cách kê khai hồ sơ.',
    ],
  },
  result: {
    low: ['Kết quả công nhận văn bằng trả chậm hơn ngày hẹn, không được báo trước.'],
    high: ['Nhận kết quả đúng hẹn qua bưu chính, rất tiện cho người ở xa.', 'Thủ tục nhanh gọn, nhận kết quả sớm.'],
  },
  feedback: {
    low: ['Đã gửi phản ánh qua đường dây nóng nhưng chưa nhận được trả lời.'],
    high: ['Góp ý qua Cổng Dịch vụ công được trả lời sau vài ngày.'],
  },
};

const CONSULTATION: readonly string[] = [
  'Đề nghị quy định rõ hơn việc dạy thêm cho học sinh của chính lớp mình đang dạy.',
  'Nên có hướng dẫn cụ thể về hồ sơ đăng ký kinh doanh dịch vụ dạy thêm ngoài nhà trường.',
  'Dự thảo cần quy định thời lượng tối đa học thêm mỗi tuần để bảo đảm sức khỏe học sinh.',
  'Đề nghị bổ sung cơ chế để phụ huynh phản ánh khi bị ép học thêm.',
  'Quy định về công khai danh sách người dạy thêm là cần thiết, giúp phụ huynh lựa chọn.',
];

export type CommentKind = 'education' | 'administrative' | 'consultation';

/**
 * A comment for a respondent of a survey of `kind` whose lowest-rated criterion is `criterion`
 * (rated `low` or not); `meals` when the question about boarding meals was the one rated.
 */
export function pickComment(
  kind: CommentKind,
  criterion: string,
  low: boolean,
  random: () => number,
  options: { meals?: boolean } = {},
): string {
  const choose = (list: readonly string[]) => list[Math.floor(random() * list.length)]!;
  if (kind === 'consultation') return choose(CONSULTATION);
  const bank = kind === 'administrative' ? TTHC : EDUCATION;
  const pool = options.meals ? MEALS : (bank[criterion] ?? bank.access!);
  return choose(low ? pool.low : pool.high);
}
