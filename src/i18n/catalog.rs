//! The catalog itself: one line per string, Vietnamese first.

use crate::domain::Lang;

macro_rules! catalog {
    ($($id:ident => $vi:literal, $en:literal;)*) => {
        /// A string of the interface.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum T { $($id),* }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$id),*];

            pub fn get(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::Vi => match self { $(T::$id => $vi),* },
                    Lang::En => match self { $(T::$id => $en),* },
                }
            }
        }
    };
}

catalog! {
    AppName => "jury — chấm sáng kiến", "jury — council scoring";
    TooSmall => "Cửa sổ quá nhỏ", "Terminal too small";
    TooSmallHint => "Cần ít nhất {}×{}; hiện {}×{}", "Needs at least {}×{}; now {}×{}";
    // Contexts, as help headings.
    CtxGlobal => "Mọi nơi", "Everywhere";
    CtxPicker => "Chọn thành viên", "Choose member";
    CtxEntries => "Danh sách sáng kiến", "Entries";
    CtxSearch => "Ô tìm kiếm", "Search box";
    CtxSheet => "Phiếu chấm điểm", "Score sheet";
    CtxNote => "Nhận xét", "Note";
    CtxText => "Soạn thảo", "Editing";
    CtxConfirm => "Xác nhận", "Confirm";
    CtxPrompt => "Nhập lý do", "Reason";
    CtxHelp => "Trợ giúp", "Help";
    CtxRankings => "Xếp hạng (chủ tịch)", "Rankings (chair)";
    CtxBreakdown => "Chi tiết phiếu của một sáng kiến", "One entry's sheets";
    CtxFigures => "Tiến độ và mức đồng thuận", "Progress and agreement";
    CtxConflicts => "Xung đột lợi ích", "Conflicts of interest";
    CtxAudit => "Nhật ký thay đổi", "Audit trail";
    // Commands.
    CmdQuit => "thoát", "quit";
    CmdHelp => "trợ giúp", "help";
    CmdBack => "quay lại", "back";
    CmdToggleLang => "đổi ngôn ngữ (Việt/Anh)", "switch language (vi/en)";
    CmdDown => "xuống", "down";
    CmdUp => "lên", "up";
    CmdPageDown => "trang sau", "page down";
    CmdPageUp => "trang trước", "page up";
    CmdTop => "đầu danh sách", "top";
    CmdBottom => "cuối danh sách", "bottom";
    CmdChoose => "chọn", "choose";
    CmdOpen => "mở phiếu", "open";
    CmdSearch => "tìm", "search";
    CmdNextUnsubmitted => "bài chưa nộp kế tiếp", "next unsubmitted";
    CmdFilterField => "lọc lĩnh vực", "filter field";
    CmdFilterState => "lọc trạng thái", "filter state";
    CmdCycleSort => "sắp xếp", "sort";
    CmdClearFilters => "bỏ lọc và tìm kiếm", "clear search and filters";
    CmdAnnotate => "nhận xét", "note";
    CmdSearchAccept => "giữ kết quả", "keep results";
    CmdSearchCancel => "bỏ tìm", "cancel search";
    CmdNextCriterion => "tiêu chí sau", "next criterion";
    CmdPrevCriterion => "tiêu chí trước", "previous criterion";
    CmdStepUp => "tăng một bậc", "step up";
    CmdStepDown => "giảm một bậc", "step down";
    CmdTypePoints => "nhập điểm", "type points";
    CmdClearPoints => "xóa điểm tiêu chí", "clear points";
    CmdCommit => "ghi điểm, sang tiêu chí sau", "enter, next criterion";
    CmdSave => "lưu", "save";
    CmdSubmit => "nộp phiếu", "submit sheet";
    CmdReopen => "mở lại phiếu đã nộp", "reopen submitted sheet";
    CmdNextEntry => "sáng kiến sau", "next entry";
    CmdPrevEntry => "sáng kiến trước", "previous entry";
    CmdEditMove => "di chuyển con trỏ", "move cursor";
    CmdEditWord => "di chuyển theo từ", "move by word";
    CmdEditLineEnds => "đầu/cuối dòng", "start/end of line";
    CmdEditLines => "dòng trên/dưới", "line up/down";
    CmdEditDocEnds => "đầu/cuối văn bản", "start/end of text";
    CmdEditBackspace => "xóa ký tự trước", "delete before";
    CmdEditDelete => "xóa ký tự sau", "delete after";
    CmdEditDeleteWord => "xóa từ trước", "delete word";
    CmdEditNewline => "xuống dòng", "new line";
    CmdPublish => "công bố / thu hồi kết quả (chủ tịch)", "publish / unpublish results (chair)";
    CmdUndo => "hoàn tác thay đổi cuối", "undo my last change";
    CmdRedo => "làm lại", "redo";
    CmdRecuse => "không chấm bài này (xung đột lợi ích)", "recuse from this entry";
    CmdToggleMine => "bài được phân công / tất cả", "assigned to me / all";
    CmdOpenRankings => "xếp hạng (chủ tịch)", "rankings (chair)";
    CmdOpenProgress => "tiến độ chấm (chủ tịch)", "progress (chair)";
    CmdOpenAgreement => "mức đồng thuận (chủ tịch)", "agreement (chair)";
    CmdOpenConflicts => "xung đột lợi ích (chủ tịch)", "conflicts of interest (chair)";
    CmdOpenAudit => "nhật ký thay đổi (chủ tịch)", "audit trail (chair)";
    CmdNextScreen => "màn hình sau", "next screen";
    CmdPrevScreen => "màn hình trước", "previous screen";
    CmdSwitchMethod => "đổi cách tính điểm", "switch method";
    CmdAddMarker => "thêm người chấm (chấm lần ba)", "add a marker (third marking)";
    CmdAssign => "phân công chấm", "share entries out";
    CmdConfirmConflict => "xác nhận xung đột", "confirm the conflict";
    CmdDismissConflict => "không phải xung đột", "dismiss the conflict";
    CmdReload => "tải lại", "reload";
    CmdYes => "đồng ý", "yes";
    CmdNo => "hủy", "no";
    // Entries screen.
    Progress => "Đã nộp {}/{}", "Submitted {}/{}";
    ColId => "Mã", "Id";
    ColTitle => "Tên sáng kiến", "Title";
    ColUnit => "Đơn vị", "Unit";
    ColField => "Lĩnh vực", "Field";
    ColMyTotal => "Điểm", "Total";
    ColState => "Phiếu", "Sheet";
    StateUnscored => "chưa chấm", "unscored";
    StateDraft => "nháp", "draft";
    StateSubmitted => "đã nộp", "submitted";
    StateRecused => "không chấm", "recused";
    StateReopened => "mở lại", "reopened";
    FilterAll => "tất cả", "all";
    FilterLabel => "Lọc", "Filter";
    SortLabel => "Sắp xếp", "Sort";
    SortId => "mã", "id";
    SortTitle => "tên", "title";
    SortTotal => "điểm của tôi", "my total";
    SearchLabel => "Tìm", "Search";
    NoMatches => "Không có sáng kiến nào khớp", "No entries match";
    Shown => "{} / {} sáng kiến", "{} of {} entries";
    AllSubmitted => "Đã nộp phiếu cho mọi sáng kiến", "Every entry has a submitted sheet";
    HasNote => "có nhận xét", "has a note";
    // Sheet screen.
    Authors => "Tác giả", "Authors";
    Submitted => "Ngày gửi", "Submitted";
    Summary => "Tóm tắt", "Summary";
    Sheet => "Phiếu chấm điểm", "Score sheet";
    Total => "Tổng", "Total";
    Guide => "Hướng dẫn", "Guide";
    Note => "Nhận xét", "Note";
    NoNote => "(chưa có nhận xét — nhấn a để viết)", "(no note yet — press a to write one)";
    Saved => "đã lưu", "saved";
    Unsaved => "chưa lưu", "unsaved";
    Saving => "đang lưu…", "saving…";
    SheetSubmittedRO => "Phiếu đã nộp. Nhấn R để mở lại nếu cần sửa.", "Sheet submitted. Press R to reopen it to make changes.";
    NotANumber => "\"{}\" không phải là số điểm", "\"{}\" is not a number of points";
    AboveMax => "{} vượt quá điểm tối đa {}", "{} is above the maximum of {}";
    OffStep => "{} không chia hết cho bước {}", "{} is not a multiple of the step {}";
    MissingCriteria => "Chưa chấm: {}", "Not yet scored: {}";
    ConfirmSubmit => "Nộp phiếu cho {}? Tổng {}/{}. Sau khi nộp, muốn sửa phải mở lại phiếu.", "Submit the sheet for {}? Total {}/{}. To change it afterwards you will have to reopen it.";
    ConfirmReopen => "Mở lại phiếu đã nộp cho {}? Lý do:", "Reopen the submitted sheet for {}? Reason:";
    SubmitTitle => "Nộp phiếu", "Submit sheet";
    ReopenTitle => "Mở lại phiếu", "Reopen sheet";
    ConfirmRecuse => "Không chấm {} vì xung đột lợi ích? Lý do:", "Step back from {} for a conflict of interest? Reason:";
    RecuseTitle => "Không chấm (xung đột lợi ích)", "Recuse (conflict of interest)";
    RecusedOk => "Bạn không chấm {} nữa (xung đột lợi ích)", "You are recused from {}";
    RecusedFrom => "Bạn không chấm {} (xung đột lợi ích)", "You are recused from {} (conflict of interest)";
    NotAssignedTo => "{} không được phân công cho bạn ở vòng này", "{} is not assigned to you in this round";
    Undone => "Đã hoàn tác: {}", "Undone: {}";
    Redone => "Đã làm lại: {}", "Redone: {}";
    NothingToUndo => "Không còn gì để hoàn tác", "Nothing to undo";
    NothingToRedo => "Không còn gì để làm lại", "Nothing to redo";
    ChangedSince => "{} đã thay đổi ở nơi khác sau thao tác của bạn; không hoàn tác được", "{} was changed elsewhere since; it cannot be undone";
    DraftDiscarded => "Đã bỏ các thay đổi chưa lưu", "Unsaved changes discarded";
    RubricChanged => "Tiêu chí chấm đã thay đổi ({} · {}): {}", "The rubric changed ({} · {}): {}";
    MineOnly => "của tôi", "mine";
    AllEntries => "tất cả", "all";
    ReasonRequired => "Cần ghi lý do", "A reason is required";
    SubmittedOk => "Đã nộp phiếu {}", "Sheet for {} submitted";
    ReopenedOk => "Đã mở lại phiếu {}", "Sheet for {} reopened";
    SavedOk => "Đã lưu", "Saved";
    NoteSavedOk => "Đã lưu nhận xét", "Note saved";
    Stale => "Có người đã lưu phiếu này từ nơi khác. Bản đã lưu: {}. Bản của bạn: {}.", "Someone saved this elsewhere. Stored: {}. Yours: {}.";
    StaleNote => "Có người đã lưu nhận xét này từ nơi khác; bản của bạn vẫn còn trên màn hình.", "Someone saved this note elsewhere; your text is still on screen.";
    SaveFailed => "Chưa lưu được: {}", "Not saved: {}";
    NotYourSheet => "Bạn chỉ sửa được phiếu của mình", "You can change only your own sheet";
    // Picker.
    PickerTitle => "Bạn là thành viên nào của hội đồng?", "Which council member are you?";
    PickerHint => "Không thấy tên đăng nhập {} trong hội đồng. Chọn tên của bạn:", "The login {} is not on the council. Choose your name:";
    RoleChair => "Chủ tịch hội đồng", "Chair";
    RoleJudge => "Thành viên", "Member";
    UnknownJudge => "Không có thành viên \"{}\" trong hội đồng", "There is no council member \"{}\"";
    ChairOnly => "Chỉ chủ tịch hội đồng được làm việc này", "Only the chair can do this";
    PublishedOk => "Đã công bố kết quả cho cả hội đồng", "Results published to the whole council";
    UnpublishedOk => "Đã thu hồi kết quả", "Results hidden again";
    Disconnected => "Mất kết nối với máy chủ; bài đang làm vẫn giữ trên màn hình. Đang kết nối lại…", "Lost the server; your work stays on screen. Reconnecting…";
    Reconnected => "Đã kết nối lại với máy chủ", "Reconnected to the server";
    Offline => "mất kết nối", "offline";
    NoExtraMarker => "Không còn thành viên nào có thể chấm thêm {} (hoặc vòng này chưa phân công)", "No member is free to mark {} too (or this round has no assignments)";
    AlreadyDecided => "Xung đột này đã được quyết định", "This conflict is already decided";
    SameUnit => "cùng đơn vị: {}", "same unit: {}";
    NotAWholeNumber => "\"{}\" không phải số nguyên dương", "\"{}\" is not a whole number above 0";
    AssignPrompt => "Mỗi sáng kiến giao cho mấy thành viên chấm?", "How many members should mark each entry?";
    AssignTitle => "Phân công chấm", "Share entries out";
    TabRankings => "Xếp hạng", "Rankings";
    TabProgress => "Tiến độ", "Progress";
    TabAgreement => "Đồng thuận", "Agreement";
    TabConflicts => "Xung đột", "Conflicts";
    TabAudit => "Nhật ký", "Audit";
    Published => "đã công bố kết quả", "results published";
    NotPublished => "chưa công bố", "not published";
    MethodLabel => "Cách tính", "Method";
    SortRank => "hạng", "rank";
    SortSpread => "độ chênh", "spread";
    ColScore => "Điểm", "Score";
    ColSpread => "Chênh", "Spread";
    ColSheets => "Phiếu", "Sheets";
    ColAward => "Giải", "Prize";
    ColFlags => "Lưu ý", "Flags";
    ShortIncomplete => "thiếu phiếu", "incomplete";
    ShortDisagreement => "lệch điểm", "disagree";
    ShortBelow => "dưới ngưỡng", "below min";
    ShortQuotaTie => "đồng hạng", "quota tie";
    ShortUnscored => "chưa chấm", "unscored";
    MethodMatters => "⚠ Đổi cách tính thì giải thay đổi ({}).", "⚠ The prizes change with the method ({}).";
    MethodDoesNotMatter => "✓ Giải không phụ thuộc cách tính điểm.", "✓ The prizes do not depend on the method.";
    JudgeMatters => "⚠ Bỏ một thành viên thì giải thay đổi ({}).", "⚠ The prizes change without one member ({}).";
    JudgeDoesNotMatter => "✓ Bỏ bất kỳ thành viên nào giải vẫn vậy.", "✓ The prizes stay without any one member.";
    FurthestFrom => "Xa mức chung nhất: {} ({} điểm so với trung bình của những người còn lại)", "Furthest from the panel: {} ({} points from the others' mean)";
    Kind => "Loại", "Kind";
    Criterion => "Tiêu chí", "Criterion";
    Mean => "TB", "Mean";
    Sd => "ĐLC", "SD";
    Member => "Thành viên", "Member";
    Leniency => "Dễ dãi", "Leniency";
    LeniencyScale => "khắt khe │ dễ dãi", "harsh │ lenient";
    Robustness => "Độ vững của kết quả", "Robustness";
    RankRanges => "Hạng thay đổi khi bỏ một thành viên: {}", "Ranks moving without one member: {}";
    KendallW => "Hệ số Kendall W = {} (đồng thuận {}) trên {} sáng kiến mọi người đều chấm", "Kendall's W = {} ({} agreement) over {} entries everyone marked";
    KendallUndefined => "Chưa tính được W: {}", "W cannot be computed: {}";
    WStrong => "cao", "strong";
    WModerate => "vừa", "moderate";
    WWeak => "thấp", "weak";
    ProgressFacts => "{} sáng kiến · {} thành viên · người chậm nhất ở trên cùng", "{} entries · {} members · the slowest on top";
    ProgressLegend => "✓ đã nộp  ○ nháp  · chưa chấm  ⊘ không chấm  (trống) không phân công  · ←/→ cuộn", "✓ submitted  ○ draft  · unscored  ⊘ recused  (blank) not assigned  · ←/→ scroll";
    ConflictFacts => "{} xung đột chờ chủ tịch quyết định", "{} conflicts waiting for the chair";
    ConflictProposed => "đề xuất", "proposed";
    ConflictDismissed => "không xung đột", "dismissed";
    NoConflicts => "Không có xung đột nào", "No conflicts";
    Reason => "Lý do", "Reason";
    AuditIntact => "✓ {} bản ghi, chuỗi toàn vẹn", "✓ {} records, chain intact";
    AuditBroken => "⚠ Nhật ký bị sửa: {}", "⚠ The trail is broken: {}";
    When => "Thời điểm", "When";
    Who => "Ai", "Who";
    What => "Việc", "What";
    Change => "Trước → sau", "Before → after";
    // Reports.
    RepNo => "STT", "No.";
    RepAverage => "Điểm trung bình", "Average";
    RepRank => "Xếp hạng", "Rank";
    RepConclusion => "Kết luận", "Conclusion";
    RepSummary => "Bảng tổng hợp điểm", "Summary of scores";
    RepSummaryTab => "Tổng hợp", "Summary";
    RepSheetTab => "Phiếu", "Sheet";
    RepMinutes => "Biên bản họp hội đồng chấm", "Minutes of the council";
    RepMinutesTab => "Biên bản", "Minutes";
    RepMinutesOf => "Về việc chấm và xét giải: {}", "On the judging of: {}";
    RepDate => "Ngày {}", "Date: {}";
    RepMembers => "Thành phần hội đồng", "Members";
    RepName => "Họ và tên", "Name";
    RepRole => "Chức danh", "Role";
    RepAttendance => "Có mặt", "Present";
    RepPresent => "có mặt", "present";
    RepAbsent => "vắng mặt", "absent";
    RepResults => "Kết quả chấm", "Results";
    RepPrizes => "Đề nghị khen thưởng", "Proposed prizes";
    RepFlagged => "Các sáng kiến cần hội đồng xem xét", "Entries for the council to consider";
    RepNone => "không có", "none";
    RepSignatures => "Ký tên", "Signatures";
    RepSecretary => "Thư ký", "Secretary";
    RepState => "Trạng thái", "State";
    RepMethod => "Cách tính điểm: {}", "Scoring method: {}";
    RepProposed => "đề nghị {}", "proposed: {}";
    FlagIncomplete => "chưa đủ phiếu", "incomplete";
    FlagDisagreement => "chênh lệch điểm lớn, cần chấm thêm", "members disagree; a third marking is due";
    FlagBelowThreshold => "chưa đạt điểm tối thiểu", "below a minimum";
    FlagQuotaTie => "đồng hạng vượt số giải", "tied beyond the quota";
    FlagUnscored => "chưa có phiếu", "unscored";
    // `jury check`.
    CheckOk => "ổn: {} sáng kiến, {} thành viên, {} phiếu, {} nhận xét, {} bản ghi nhật ký, lược đồ {}", "ok: {} entries, {} members, {} sheets, {} notes, {} audit records, schema {}";
    CheckFailed => "cơ sở dữ liệu {} có {} vấn đề (liệt kê ở trên). Xuất phần còn đọc được bằng `jury export`, rồi nhập vào một cơ sở dữ liệu mới.", "the database {} has {} problem(s), listed above. Export what can be read with `jury export`, then import it into a new database.";
    CheckNoDatabase => "không có cơ sở dữ liệu ở {}", "there is no database at {}";
    CheckUnreadable => "không đọc được: {}", "cannot be read: {}";
    CheckBadKey => "khóa không đúng dạng", "the key is not in the expected form";
    CheckBadValue => "giá trị bị hỏng, không giải mã được: {}", "the value is damaged and cannot be decoded: {}";
    CheckBadSheets => "giá trị bị hỏng, không đọc được các phiếu", "the value is damaged: its sheets cannot be read";
    CheckNoSchema => "thiếu số phiên bản lược đồ", "the schema version is missing";
    CheckUnknownSchema => "lược đồ phiên bản {} không phải bản jury này biết (bản này đọc lược đồ {})", "schema version {} is not one this jury knows (it reads schema {})";
    CheckNoContest => "chưa có cuộc thi nào", "holds no contest";
    CheckUnknownRound => "vòng \"{}\" không có trong cuộc thi", "round \"{}\" is not in the contest";
    CheckUnknownEntry => "sáng kiến \"{}\" không có trong cuộc thi", "entry \"{}\" is not in the contest";
    CheckUnknownJudge => "thành viên \"{}\" không có trong hội đồng", "member \"{}\" is not on the council";
    CheckSlots => "phiếu có {} ô điểm nhưng bộ tiêu chí có {} tiêu chí", "the sheet has {} points slots but the rubric has {} criteria";
    CheckAboveMax => "tiêu chí {}: {} vượt quá điểm tối đa {}", "criterion {}: {} is above the maximum of {}";
    CheckOffStep => "tiêu chí {}: {} không chia hết cho bước {}", "criterion {}: {} is not a multiple of the step {}";
    CheckSheetOrder => "phiếu của {} bị trùng hoặc sai thứ tự", "{}'s sheet is repeated or out of order";
    CheckAuditBroken => "chuỗi nhật ký bị đứt: {}", "the audit chain is broken: {}";
    AuditAltered => "bản ghi {} đã bị sửa: nội dung không khớp mã băm", "record {} was altered: its content does not match its hash";
    AuditMissing => "các bản ghi từ {} đến {} đã bị xóa", "records {} to {} were removed";
    AuditOutOfOrder => "bản ghi {} nằm ở chỗ của bản ghi {}: thứ tự bị đảo", "record {} stands where record {} should be: records were reordered";
    AuditUnlinked => "bản ghi {} không nối tiếp bản ghi trước nó", "record {} does not follow the record before it";
    AuditTruncated => "nhật ký dừng ở bản ghi {} nhưng đã ghi đến bản ghi {}: các bản ghi cuối đã bị xóa", "the trail ends at record {} but record {} was written: the last records were removed";
    // Help.
    HelpTitle => "Phím tắt", "Keys";
    HelpFooter => "Esc để đóng", "Esc to close";
    // Status.
    Quitting => "Đang lưu và thoát…", "Saving and quitting…";
    ReadOnlyDraft => "Đang chỉnh phiếu, chưa nộp", "Editing, not yet submitted";
}
