//! `--help` in Vietnamese: one line per command (its path, as typed) and per
//! argument (`path.id`). The English is the doc comment on the clap
//! definition in `cli/`; `tests/help.rs` fails when a command or an argument
//! has no line here. Defaults and choices are written into the text, since
//! clap's own "[default: …]" and "[possible values: …]" are English.

/// (key, Vietnamese).
const HELP: &[(&str, &str)] = &[
    (
        "jury",
        "Hội đồng chấm, nhận xét và xếp hạng sáng kiến, hoàn toàn bằng bàn phím",
    ),
    (
        ".db",
        "Thư mục cơ sở dữ liệu (mặc định: thư mục dữ liệu của bạn, có sẵn cuộc thi mẫu)",
    ),
    (
        ".judge",
        "Chấm với tư cách thành viên hội đồng này (mặc định: thành viên có tên đăng nhập của bạn)",
    ),
    (
        ".lang",
        "Ngôn ngữ giao diện: vi (tiếng Việt) hoặc en (tiếng Anh); mặc định theo LC_ALL / LANG",
    ),
    (
        ".socket",
        "Nối với máy chủ jury serve qua socket này (mặc định: $JURY_SOCKET, rồi /run/jury/jury.sock, rồi $XDG_RUNTIME_DIR/jury.sock, nơi nào có trước)",
    ),
    (
        ".server_user",
        "Chỉ tin máy chủ chạy dưới tài khoản này (mặc định: $JURY_SERVER_USER, nếu không thì chủ sở hữu của socket)",
    ),
    (
        "import",
        "Nạp một tệp jury/contest@1, hoặc danh sách sáng kiến từ bảng tính (.xlsx, .ods, .csv), vào cơ sở dữ liệu (nạp trọn vẹn hoặc không nạp gì)",
    ),
    ("import.file", "Tệp cuộc thi hoặc bảng tính cần nạp"),
    (
        "import.sheet",
        "Trang tính cần đọc trong bảng tính (mặc định: trang đầu tiên)",
    ),
    (
        "import.documents",
        "Gắn bài viết THƯ_MỤC/<mã sáng kiến>.docx|.md|.txt và tệp đính kèm THƯ_MỤC/<mã sáng kiến>-*.*",
    ),
    (
        "import.replace",
        "Thay cuộc thi đang có trong cơ sở dữ liệu; mất hết phiếu chấm điểm và nhận xét của nó",
    ),
    (
        "keys",
        "In mọi phím của mọi màn hình thành một bảng Markdown",
    ),
    (
        "entries",
        "Liệt kê sáng kiến, sắp xếp theo thứ tự từ điển tiếng Việt",
    ),
    (
        "entries.sort",
        "Sắp xếp theo: id (mã), title (tên), unit (đơn vị), field (lĩnh vực); mặc định: id",
    ),
    (
        "entries.field",
        "Chỉ các sáng kiến thuộc lĩnh vực này (mã, ví dụ tthc, hoặc tên)",
    ),
    (
        "entries.format",
        "Dạng in ra: table (bảng), csv, json; mặc định: table",
    ),
    (
        "entries.admit",
        "Đưa sáng kiến vào chấm: được phân công, chấm điểm và xếp hạng",
    ),
    ("entries.admit.ids", "Mã các sáng kiến"),
    ("entries.pending", "Tạm giữ sáng kiến chờ bổ sung hồ sơ"),
    ("entries.pending.ids", "Mã các sáng kiến"),
    ("entries.pending.reason", "Lý do tạm giữ"),
    (
        "entries.reject",
        "Loại sáng kiến không đủ điều kiện, ghi rõ lý do",
    ),
    ("entries.reject.ids", "Mã các sáng kiến"),
    ("entries.reject.reason", "Lý do loại (bắt buộc)"),
    (
        "serve",
        "Giữ cơ sở dữ liệu và cho ứng dụng jury của từng thành viên nối vào qua một socket Unix",
    ),
    (
        "serve.group",
        "Cho thành viên của nhóm này nối vào (socket 0660 trong thư mục 0750; mặc định 0600)",
    ),
    (
        "serve.max_per_login",
        "Số kết nối một tài khoản được giữ cùng lúc; mặc định: 16",
    ),
    (
        "serve.max_connections",
        "Số kết nối máy chủ giữ cùng lúc; mặc định: 512",
    ),
    (
        "serve.idle_timeout",
        "Đóng kết nối không gửi gì trong ngần ấy giây; mặc định: 900",
    ),
    (
        "serve.authorized_keys",
        "Tệp khóa SSH của các thành viên mà máy chủ này quản lý (mặc định: ~/.ssh/authorized_keys của tài khoản chạy máy chủ; các dòng không phải của jury được giữ nguyên)",
    ),
    (
        "ssh-key",
        "Khóa SSH của các thành viên trên một tài khoản dịch vụ dùng chung (chủ tịch hội đồng hoặc chủ máy chủ, qua máy chủ)",
    ),
    (
        "ssh-key.add",
        "Gán cho một thành viên một khóa công khai (tệp id_ed25519.pub của họ); sshd chỉ cho khóa đó vào với tư cách thành viên này",
    ),
    ("ssh-key.add.member", "Mã thành viên"),
    (
        "ssh-key.add.file",
        "Tệp khóa công khai của thành viên (.pub)",
    ),
    (
        "ssh-key.list",
        "Khóa của mọi thành viên: mã, thành viên, loại, dấu vân tay, chú thích, thêm khi nào và do ai",
    ),
    (
        "ssh-key.remove",
        "Gỡ một khóa ngay: đăng nhập mới bằng khóa đó bị từ chối và các phiên đang mở bị đóng",
    ),
    (
        "ssh-key.remove.id",
        "Mã khóa, như jury ssh-key list hiển thị",
    ),
    (
        "connect",
        "Chạy ứng dụng của một thành viên trên tài khoản dịch vụ SSH của máy chủ: lệnh bắt buộc của khóa trong authorized_keys (do jury ssh-key add ghi)",
    ),
    (
        "connect.key",
        "Khóa của thành viên, như jury ssh-key list hiển thị",
    ),
    (
        "judge",
        "Quản lý hội đồng: thêm, bớt hoặc liệt kê thành viên (chủ tịch hội đồng, qua máy chủ)",
    ),
    ("judge.add", "Thêm một thành viên vào hội đồng"),
    ("judge.add.id", "Mã ngắn, ví dụ GK06"),
    ("judge.add.name", "Họ và tên"),
    (
        "judge.add.user",
        "Tên đăng nhập hệ điều hành của thành viên trên máy chủ dùng chung",
    ),
    (
        "judge.add.unit",
        "Đơn vị của thành viên (xung đột lợi ích được đề xuất theo đơn vị)",
    ),
    (
        "judge.add.chair",
        "Đặt thành viên làm chủ tịch hội đồng (như --role chair)",
    ),
    (
        "judge.add.role",
        "Vai trò trong hội đồng: chair (Chủ tịch), vice-chair (Phó Chủ tịch), member (Ủy viên), secretary (Thư ký)",
    ),
    (
        "judge.add.position",
        "Chức vụ của thành viên, in trong các văn bản",
    ),
    (
        "judge.add.secretary",
        "Ủy viên kiêm Thư ký: vừa chấm điểm vừa ghi biên bản",
    ),
    (
        "judge.remove",
        "Đưa ra khỏi hội đồng một thành viên chưa có phiếu chấm điểm hay nhận xét nào",
    ),
    ("judge.remove.id", "Mã thành viên"),
    ("judge.list", "Liệt kê hội đồng"),
    (
        "meeting",
        "Cuộc họp của hội đồng: thời gian, địa điểm, thành phần, biểu quyết, quyết định (thư ký hoặc chủ tịch hội đồng)",
    ),
    (
        "meeting.show",
        "Xem cuộc họp như đã ghi, và đã đủ số thành viên có mặt tối thiểu chưa",
    ),
    (
        "meeting.set",
        "Ghi ngày, giờ, địa điểm, số biên bản hoặc căn cứ",
    ),
    ("meeting.set.date", "Ngày họp, ví dụ 2024-09-20"),
    (
        "meeting.set.time",
        "Giờ bắt đầu, ví dụ 08:00 (theo múi giờ của cuộc thi)",
    ),
    ("meeting.set.place", "Địa điểm họp"),
    (
        "meeting.set.number",
        "Số và ký hiệu biên bản, ví dụ 05/BB-HĐ",
    ),
    (
        "meeting.set.basis",
        "Quyết định thành lập hội đồng (lặp lại cho mỗi quyết định; thay cả danh sách)",
    ),
    ("meeting.present", "Ghi các thành viên có mặt"),
    ("meeting.present.ids", "Mã các thành viên có mặt"),
    ("meeting.absent", "Ghi một thành viên vắng mặt, kèm lý do"),
    ("meeting.absent.id", "Mã thành viên vắng mặt"),
    ("meeting.absent.reason", "Lý do vắng mặt"),
    ("meeting.guest", "Thêm một khách mời theo tên và chức vụ"),
    ("meeting.guest.name", "Họ tên và chức vụ của khách mời"),
    ("meeting.vote", "Ghi kết quả biểu quyết danh sách cuối cùng"),
    ("meeting.vote.in_favour", "Số phiếu tán thành"),
    (
        "meeting.vote.against",
        "Số phiếu không tán thành; mặc định: 0",
    ),
    (
        "meeting.vote.abstain",
        "Số phiếu không biểu quyết; mặc định: 0",
    ),
    (
        "meeting.decide",
        "Ghi quyết định của hội đồng về một sáng kiến (thay quyết định trước đó về sáng kiến này)",
    ),
    ("meeting.decide.entry", "Mã sáng kiến"),
    (
        "meeting.decide.award",
        "Giải hội đồng trao (mã giải); bỏ trống nếu không xếp giải",
    ),
    (
        "meeting.decide.text",
        "Nội dung quyết định và lý do, như ghi vào biên bản",
    ),
    (
        "conflicts",
        "Xung đột lợi ích: liệt kê, ghi thành viên không tham gia chấm, xác nhận hoặc bác đề xuất",
    ),
    (
        "conflicts.list",
        "Liệt kê các trường hợp không tham gia chấm và các xung đột cùng đơn vị chờ chủ tịch hội đồng quyết định",
    ),
    (
        "conflicts.recuse",
        "Ghi một thành viên không tham gia chấm một sáng kiến (chính thành viên đó, hoặc chủ tịch hội đồng)",
    ),
    ("conflicts.recuse.member", "Mã thành viên"),
    ("conflicts.recuse.entry", "Mã sáng kiến"),
    ("conflicts.recuse.reason", "Lý do"),
    (
        "conflicts.confirm-all",
        "Xác nhận mọi xung đột cùng đơn vị đang được đề xuất là không tham gia chấm",
    ),
    (
        "conflicts.dismiss",
        "Xác định một xung đột được đề xuất là không có xung đột lợi ích",
    ),
    ("conflicts.dismiss.member", "Mã thành viên"),
    ("conflicts.dismiss.entry", "Mã sáng kiến"),
    ("conflicts.dismiss.reason", "Lý do (có thể bỏ trống)"),
    (
        "assign",
        "Phân công thành viên chấm các sáng kiến của một vòng, hoặc thêm một thành viên chấm một sáng kiến",
    ),
    (
        "assign.per_entry",
        "Số thành viên chấm mỗi sáng kiến (chia đều, tránh xung đột lợi ích, cùng đầu vào cho cùng kết quả)",
    ),
    (
        "assign.entry",
        "Thêm một thành viên chấm sáng kiến này (chấm lần ba)",
    ),
    (
        "assign.member",
        "Dùng với --entry: thành viên nào (mặc định: thành viên rảnh nhất không có xung đột)",
    ),
    ("assign.round", "Vòng chấm (mặc định: vòng hiện tại)"),
    (
        "assign.force",
        "Dùng với --per-entry: vẫn phân công dù có thành viên mất sáng kiến đang có nhận xét dở",
    ),
    (
        "rubric",
        "Bộ tiêu chí: xem, mở khóa kèm lý do, hoặc thay mới",
    ),
    (
        "rubric.show",
        "In các tiêu chí và cho biết bộ tiêu chí đã khóa chưa",
    ),
    (
        "rubric.unlock",
        "Cho phép thay đổi bộ tiêu chí dù đã có phiếu chấm điểm được nộp",
    ),
    ("rubric.unlock.reason", "Lý do"),
    (
        "rubric.set",
        "Thay các tiêu chí bằng các tiêu chí trong tệp (một danh sách JSON, hoặc một tệp cuộc thi)",
    ),
    ("rubric.set.file", "Tệp chứa các tiêu chí mới"),
    ("rubric.set.reason", "Lý do"),
    (
        "audit",
        "Nhật ký thay đổi: mọi thay đổi, ai làm và lúc nào; verify kiểm tra chuỗi bản ghi",
    ),
    ("audit.entry", "Chỉ các thay đổi về sáng kiến này"),
    (
        "audit.member",
        "Chỉ các thay đổi do thành viên này thực hiện hoặc về thành viên này",
    ),
    (
        "audit.format",
        "Dạng in ra: table (bảng), csv, json; mặc định: table",
    ),
    (
        "audit.output",
        "Ghi vào tệp (chỉ chủ tệp đọc được) thay vì in ra màn hình",
    ),
    (
        "audit.verify",
        "Kiểm tra không bản ghi nào bị sửa, xóa hay đổi thứ tự, và mỗi phiếu, mỗi nhận xét đúng như bản ghi cuối cùng về nó",
    ),
    (
        "audit.verify.head",
        "Đầu chuỗi đã ghi lại trước đây (jury audit head): chứng minh không bản ghi nào đến đó bị viết lại",
    ),
    (
        "audit.head",
        "In đầu chuỗi SEQ:HASH để ghi vào biên bản hoặc gửi chủ tịch hội đồng qua kênh khác",
    ),
    (
        "rank",
        "Xếp hạng một vòng chấm, kèm giải đề xuất và các lưu ý",
    ),
    (
        "rank.method",
        "Cách tính: mean (trung bình cộng), median (trung vị), trimmed (bỏ 01 điểm cao nhất và 01 điểm thấp nhất), zscore (điểm chuẩn hóa); mặc định: mean",
    ),
    (
        "rank.format",
        "Dạng in ra: table (bảng), csv, json, md (Markdown); mặc định: table",
    ),
    ("rank.round", "Vòng chấm (mặc định: vòng hiện tại)"),
    (
        "report",
        "Văn bản của hội đồng: bảng tổng hợp điểm, phiếu chấm điểm của từng thành viên, biên bản, tờ trình (Markdown, tệp Excel .xlsx hoặc văn bản Word .docx, theo đuôi tên tệp)",
    ),
    (
        "report.output",
        "Tệp cần ghi: .md (Markdown), .xlsx (Excel) hoặc .docx (Word)",
    ),
    (
        "report.method",
        "Cách tính: mean, median, trimmed, zscore; mặc định: mean",
    ),
    ("report.round", "Vòng chấm (mặc định: vòng hiện tại)"),
    (
        "report.doc",
        "Văn bản Word cần in (chỉ với tệp .docx): bien-ban (biên bản, mặc định), to-trinh (tờ trình đề nghị khen thưởng), phieu (phiếu chấm điểm)",
    ),
    (
        "report.member",
        "Chỉ phiếu chấm điểm của thành viên này (cùng --doc phieu)",
    ),
    (
        "round",
        "Các vòng chấm: liệt kê, hoặc kết thúc vòng hiện tại và đưa sáng kiến vào vòng sau",
    ),
    ("round.list", "Liệt kê các vòng chấm"),
    (
        "round.advance",
        "Kết thúc vòng hiện tại và đưa sáng kiến vào vòng sau, theo điểm sàn hoặc theo N sáng kiến đứng đầu",
    ),
    (
        "round.advance.min",
        "Sáng kiến đạt ít nhất số điểm này được vào vòng sau",
    ),
    (
        "round.advance.top",
        "N sáng kiến đứng đầu được vào vòng sau (kể cả sáng kiến đồng điểm với sáng kiến thứ N)",
    ),
    (
        "round.advance.method",
        "Cách tính: mean, median, trimmed, zscore; mặc định: mean",
    ),
    (
        "round.advance.to",
        "Mã vòng sau (mặc định: vòng kế tiếp đã định nghĩa, hoặc chung_khao)",
    ),
    ("round.advance.name", "Tên vòng sau bằng tiếng Việt"),
    ("round.advance.name_en", "Tên vòng sau bằng tiếng Anh"),
    (
        "round.advance.force",
        "Kết thúc vòng dù còn phiếu nháp hoặc phiếu chưa nộp",
    ),
    (
        "publish",
        "Công bố xếp hạng và mọi phiếu đã nộp cho cả hội đồng (chủ tịch hội đồng; hỏi lại trước, --yes trả lời thay cho tập lệnh)",
    ),
    ("publish.yes", "Công bố không hỏi lại"),
    (
        "unpublish",
        "Ẩn kết quả đã công bố (chủ tịch hội đồng; hỏi lại trước, --yes trả lời thay cho tập lệnh)",
    ),
    ("unpublish.yes", "Ẩn không hỏi lại"),
    (
        "packet",
        "Ghi gói chấm của một thành viên để chấm khi không có mạng (chủ tịch hội đồng; thành viên là --judge)",
    ),
    ("packet.output", "Tệp cần ghi"),
    (
        "check",
        "Đọc lại mọi giá trị đã lưu và báo chỗ hỏng hoặc không khớp (mã thoát 0 khi mọi thứ ổn); máy chủ phải được dừng trước",
    ),
    (
        "export",
        "Ghi cả cuộc thi dạng jury/contest@1; với --judge, chỉ phiếu và nhận xét của thành viên đó, để gửi lại từ gói chấm",
    ),
    ("export.output", "Ghi vào tệp thay vì in ra màn hình"),
];

/// Placeholders of values, as `<TỆP>` in the usage lines.
const VALUES: &[(&str, &str)] = &[
    ("PATH", "ĐƯỜNG_DẪN"),
    ("ID", "MÃ"),
    ("IDS", "MÃ"),
    ("NAME", "TÊN"),
    ("NAME_EN", "TÊN_TIẾNG_ANH"),
    ("FILE", "TỆP"),
    ("DIR", "THƯ_MỤC"),
    ("F", "LĨNH_VỰC"),
    ("SECS", "GIÂY"),
    ("LOGIN", "TÊN_ĐĂNG_NHẬP"),
    ("UNIT", "ĐƠN_VỊ"),
    ("ROLE", "VAI_TRÒ"),
    ("POSITION", "CHỨC_VỤ"),
    ("DATE", "NGÀY"),
    ("TIME", "GIỜ"),
    ("PLACE", "ĐỊA_ĐIỂM"),
    ("NUMBER", "SỐ"),
    ("BASIS", "CĂN_CỨ"),
    ("REASON", "LÝ_DO"),
    ("AGAINST", "N"),
    ("ABSTAIN", "N"),
    ("ENTRY", "MÃ"),
    ("AWARD", "GIẢI"),
    ("TEXT", "NỘI_DUNG"),
    ("FORMAT", "DẠNG"),
    ("SORT", "THEO"),
    ("ROUND", "VÒNG"),
    ("METHOD", "CÁCH_TÍNH"),
    ("POINTS", "ĐIỂM"),
];

/// The Vietnamese help of a command (`judge.add`, `jury` for the whole
/// program) or an argument (`judge.add.id`, `.db` for a global one).
pub fn vi(key: &str) -> Option<&'static str> {
    HELP.iter().find(|(k, _)| *k == key).map(|(_, text)| *text)
}

/// The Vietnamese placeholder for a value name; none when it reads the
/// same in both languages (N, K, SEQ:HASH, vi|en).
pub fn value_vi(name: &str) -> Option<&'static str> {
    VALUES.iter().find(|(en, _)| *en == name).map(|(_, vi)| *vi)
}
