//! Named commands and the keys bound to them, per screen.
//!
//! The same table answers "what does this key do here?", draws the status
//! line and fills the help screen, so the help can never go stale.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::key::{Key, KeyCode};
use crate::i18n::T;

/// Where the keyboard focus is; each has its own bindings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    /// Anywhere, unless a screen binds the key itself.
    Global,
    Picker,
    Entries,
    /// Typing in the search box of the entries list.
    Search,
    /// Scoring an entry.
    Sheet,
    Note,
    /// Editing keys shared by the note, the search box and prompts.
    Text,
    Confirm,
    Prompt,
    /// Choosing between my version and the stored one after a stale save.
    Merge,
    /// Choosing a member from a list (one more marker for an entry).
    ChooseMember,
    /// Reading the whole of one record (an audit record).
    Detail,
    Help,
    Rankings,
    Breakdown,
    /// Agreement: figures to read.
    Figures,
    /// Who has scored which entry: a grid of cells, or the list of who owes what.
    Progress,
    Conflicts,
    Audit,
    /// The council's meeting, to read.
    Meeting,
    /// Reading an entry in full.
    Reader,
    /// Typing in the reader's find box.
    ReaderSearch,
    /// Writing the comment on the lines marked in the reader.
    ReaderComment,
    /// Writing the remark on one criterion.
    Remark,
    /// The member's annotations on an entry.
    Annotations,
}

impl Context {
    pub fn title(self) -> T {
        match self {
            Context::Global => T::CtxGlobal,
            Context::Picker => T::CtxPicker,
            Context::Entries => T::CtxEntries,
            Context::Search => T::CtxSearch,
            Context::Sheet => T::CtxSheet,
            Context::Note => T::CtxNote,
            Context::Text => T::CtxText,
            Context::Confirm => T::CtxConfirm,
            Context::Prompt => T::CtxPrompt,
            Context::Merge => T::CtxMerge,
            Context::ChooseMember => T::CtxChooseMember,
            Context::Detail => T::CtxDetail,
            Context::Help => T::CtxHelp,
            Context::Rankings => T::CtxRankings,
            Context::Breakdown => T::CtxBreakdown,
            Context::Figures => T::CtxFigures,
            Context::Progress => T::CtxProgress,
            Context::Conflicts => T::CtxConflicts,
            Context::Audit => T::CtxAudit,
            Context::Meeting => T::CtxMeeting,
            Context::Reader => T::CtxReader,
            Context::ReaderSearch => T::CtxReaderSearch,
            Context::ReaderComment => T::CtxReaderComment,
            Context::Remark => T::CtxRemark,
            Context::Annotations => T::CtxAnnotations,
        }
    }

    /// Contexts where typed characters are text, not commands.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Context::Search
                | Context::Note
                | Context::Prompt
                | Context::ReaderSearch
                | Context::ReaderComment
                | Context::Remark
        )
    }
}

/// Everything a key can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    Quit,
    Help,
    Back,
    /// The sheet's way out, the mirror of opening it with `→`/`l`.
    BackToList,
    ToggleLang,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Choose,
    Open,
    Search,
    NextUnsubmitted,
    FilterField,
    FilterState,
    CycleSort,
    ClearFilters,
    Annotate,
    /// Write the remark on the focused criterion.
    Remark,
    ListAnnotations,
    DeleteAnnotation,
    SearchAccept,
    SearchCancel,
    NextCriterion,
    PrevCriterion,
    StepUp,
    StepDown,
    TypePoints,
    ClearPoints,
    Commit,
    Save,
    Submit,
    Reopen,
    NextEntry,
    PrevEntry,
    EditLeft,
    EditRight,
    EditWordLeft,
    EditWordRight,
    EditHome,
    EditEnd,
    EditUp,
    EditDown,
    EditDocStart,
    EditDocEnd,
    EditBackspace,
    EditDelete,
    EditDeleteWord,
    EditNewline,
    Yes,
    No,
    Publish,
    Undo,
    Redo,
    Recuse,
    ToggleMine,
    OpenRankings,
    OpenProgress,
    OpenAgreement,
    OpenConflicts,
    OpenAudit,
    OpenMeeting,
    NextScreen,
    PrevScreen,
    SwitchMethod,
    AddMarker,
    Assign,
    ConfirmConflict,
    DismissConflict,
    UndoRecusal,
    /// The chair's last `+` or `A`, taken back.
    UndoAct,
    /// Show a closed round's results (read-only), or the current round again.
    CycleRound,
    /// Leave a member a reminder they see when they next open jury.
    Remind,
    ToggleOwes,
    Reload,
    KeepMine,
    TakeTheirs,
    KeepBoth,
    DecideLater,
    /// Open the entry in full (or go back to the sheet from it).
    Read,
    NextMatch,
    PrevMatch,
    NextAttachment,
    OpenAttachment,
    /// Between the reader and the sheet beside it.
    SwitchFocus,
    /// Mark lines of the write-up, as vim's visual line mode.
    MarkLines,
    CommentMarked,
    NextAnnotation,
    PrevAnnotation,
}

impl Command {
    /// Commands only a chair can use: left out of other members' status line.
    pub fn chair_only(self) -> bool {
        use Command::*;
        self.opens_chair_screen()
            || matches!(
                self,
                Publish
                    | Assign
                    | AddMarker
                    | ConfirmConflict
                    | DismissConflict
                    | UndoRecusal
                    | UndoAct
                    | Remind
            )
    }

    /// Opens one of the chair's screens, which the secretary may read too
    /// once results are published (the other chair-only keys act).
    pub fn opens_chair_screen(self) -> bool {
        use Command::*;
        matches!(
            self,
            OpenRankings | OpenProgress | OpenAgreement | OpenConflicts | OpenAudit
        )
    }

    /// Keys the key bar keeps however narrow the terminal: the way out and
    /// what a member comes to the sheet for.
    pub fn kept_in_bar(self) -> bool {
        use Command::*;
        matches!(
            self,
            Quit | Back | BackToList | Submit | Annotate | TypePoints | Open | PageDown
        )
    }

    /// What the command does, for help and the status line.
    pub fn describe(self) -> T {
        use Command::*;
        match self {
            Quit => T::CmdQuit,
            Help => T::CmdHelp,
            Back => T::CmdBack,
            BackToList => T::CmdBackToList,
            ToggleLang => T::CmdToggleLang,
            Down => T::CmdDown,
            Up => T::CmdUp,
            PageDown => T::CmdPageDown,
            PageUp => T::CmdPageUp,
            Top => T::CmdTop,
            Bottom => T::CmdBottom,
            Choose => T::CmdChoose,
            Open => T::CmdOpen,
            Search => T::CmdSearch,
            NextUnsubmitted => T::CmdNextUnsubmitted,
            FilterField => T::CmdFilterField,
            FilterState => T::CmdFilterState,
            CycleSort => T::CmdCycleSort,
            ClearFilters => T::CmdClearFilters,
            Annotate => T::CmdAnnotate,
            Remark => T::CmdRemark,
            ListAnnotations => T::CmdListAnnotations,
            DeleteAnnotation => T::CmdDeleteAnnotation,
            SearchAccept => T::CmdSearchAccept,
            SearchCancel => T::CmdSearchCancel,
            NextCriterion => T::CmdNextCriterion,
            PrevCriterion => T::CmdPrevCriterion,
            StepUp => T::CmdStepUp,
            StepDown => T::CmdStepDown,
            TypePoints => T::CmdTypePoints,
            ClearPoints => T::CmdClearPoints,
            Commit => T::CmdCommit,
            Save => T::CmdSave,
            Submit => T::CmdSubmit,
            Reopen => T::CmdReopen,
            NextEntry => T::CmdNextEntry,
            PrevEntry => T::CmdPrevEntry,
            EditLeft => T::CmdEditLeft,
            EditRight => T::CmdEditRight,
            EditWordLeft => T::CmdEditWordLeft,
            EditWordRight => T::CmdEditWordRight,
            EditHome => T::CmdEditHome,
            EditEnd => T::CmdEditEnd,
            EditUp => T::CmdEditUp,
            EditDown => T::CmdEditDown,
            EditDocStart => T::CmdEditDocStart,
            EditDocEnd => T::CmdEditDocEnd,
            EditBackspace => T::CmdEditBackspace,
            EditDelete => T::CmdEditDelete,
            EditDeleteWord => T::CmdEditDeleteWord,
            EditNewline => T::CmdEditNewline,
            Yes => T::CmdYes,
            No => T::CmdNo,
            Publish => T::CmdPublish,
            Undo => T::CmdUndo,
            Redo => T::CmdRedo,
            Recuse => T::CmdRecuse,
            ToggleMine => T::CmdToggleMine,
            OpenRankings => T::CmdOpenRankings,
            OpenProgress => T::CmdOpenProgress,
            OpenAgreement => T::CmdOpenAgreement,
            OpenConflicts => T::CmdOpenConflicts,
            OpenAudit => T::CmdOpenAudit,
            OpenMeeting => T::CmdOpenMeeting,
            NextScreen => T::CmdNextScreen,
            PrevScreen => T::CmdPrevScreen,
            SwitchMethod => T::CmdSwitchMethod,
            AddMarker => T::CmdAddMarker,
            Assign => T::CmdAssign,
            ConfirmConflict => T::CmdConfirmConflict,
            DismissConflict => T::CmdDismissConflict,
            UndoRecusal => T::CmdUndoRecusal,
            UndoAct => T::CmdUndoAct,
            CycleRound => T::CmdCycleRound,
            Remind => T::CmdRemind,
            ToggleOwes => T::CmdToggleOwes,
            Reload => T::CmdReload,
            KeepMine => T::CmdKeepMine,
            TakeTheirs => T::CmdTakeTheirs,
            KeepBoth => T::CmdKeepBoth,
            DecideLater => T::CmdDecideLater,
            Read => T::CmdRead,
            NextMatch => T::CmdNextMatch,
            PrevMatch => T::CmdPrevMatch,
            NextAttachment => T::CmdNextAttachment,
            OpenAttachment => T::CmdOpenAttachment,
            SwitchFocus => T::CmdSwitchFocus,
            MarkLines => T::CmdMarkLines,
            CommentMarked => T::CmdCommentMarked,
            NextAnnotation => T::CmdNextAnnotation,
            PrevAnnotation => T::CmdPrevAnnotation,
        }
    }
}

/// A row of the table: these keys, in this context, run this command.
/// `hint` orders the status line (1 first); 0 keeps it to the help screen.
pub struct Binding {
    pub context: Context,
    pub keys: &'static [&'static str],
    pub command: Command,
    pub hint: u8,
}

impl Binding {
    /// What these keys do on this screen, for help and the key bar: the
    /// same command can mean something else on another screen.
    pub fn describe(&self) -> T {
        match (self.context, self.command) {
            (Context::Progress, Command::StepUp) => T::CmdScrollRight,
            (Context::Progress, Command::StepDown) => T::CmdScrollLeft,
            (Context::Progress, Command::Open) => T::CmdCellDetail,
            (Context::Progress, Command::NextCriterion) => T::CmdCellRight,
            (Context::Progress, Command::PrevCriterion) => T::CmdCellLeft,
            (Context::Audit, Command::FilterField) => T::CmdAuditFilter,
            (Context::Rankings, Command::Open) => T::CmdBreakdown,
            (Context::Reader, Command::Read) => T::CmdReadBack,
            (Context::Reader, Command::Search) => T::CmdFindText,
            (Context::Reader, Command::Back) => T::CmdCloseReader,
            (Context::Reader, Command::Top) => T::CmdTextTop,
            (Context::Reader, Command::Bottom) => T::CmdTextEnd,
            (_, c) => c.describe(),
        }
    }
}

const fn b(context: Context, keys: &'static [&'static str], command: Command, hint: u8) -> Binding {
    Binding {
        context,
        keys,
        command,
        hint,
    }
}

use Command as C;
use Context as X;

/// The whole keymap. `<digit>` stands for 0–9 and the decimal mark.
pub const BINDINGS: &[Binding] = &[
    b(X::Global, &["<c-c>"], C::Quit, 0),
    b(X::Global, &["<f1>"], C::Help, 0),
    b(X::Picker, &["j", "<down>"], C::Down, 2),
    b(X::Picker, &["k", "<up>"], C::Up, 3),
    b(X::Picker, &["<enter>"], C::Choose, 1),
    b(X::Picker, &["?"], C::Help, 8),
    b(X::Picker, &["L"], C::ToggleLang, 0),
    b(X::Picker, &["q", "<esc>"], C::Quit, 9),
    b(X::Entries, &["j", "<down>"], C::Down, 0),
    b(X::Entries, &["k", "<up>"], C::Up, 0),
    b(X::Entries, &["<pgdn>", "<c-d>"], C::PageDown, 0),
    b(X::Entries, &["<pgup>", "<c-u>"], C::PageUp, 0),
    b(X::Entries, &["g", "<home>"], C::Top, 0),
    b(X::Entries, &["G", "<end>"], C::Bottom, 0),
    b(X::Entries, &["<enter>", "l", "<right>"], C::Open, 1),
    b(X::Entries, &["/"], C::Search, 2),
    b(X::Entries, &["n"], C::NextUnsubmitted, 3),
    b(X::Entries, &["a"], C::Annotate, 7),
    b(X::Entries, &["v"], C::Read, 2),
    b(X::Entries, &["f"], C::FilterField, 4),
    b(X::Entries, &["s"], C::FilterState, 5),
    b(X::Entries, &["o"], C::CycleSort, 6),
    b(X::Entries, &["<esc>"], C::ClearFilters, 0),
    b(X::Entries, &["P"], C::Publish, 0),
    b(X::Entries, &["m"], C::ToggleMine, 0),
    b(X::Entries, &["u"], C::Undo, 0),
    b(X::Entries, &["U", "<c-r>"], C::Redo, 0),
    b(X::Entries, &["X"], C::Recuse, 0),
    b(X::Entries, &["r"], C::OpenRankings, 3),
    b(X::Entries, &["p"], C::OpenProgress, 0),
    b(X::Entries, &["w"], C::OpenAgreement, 0),
    b(X::Entries, &["C"], C::OpenConflicts, 0),
    b(X::Entries, &["T"], C::OpenAudit, 0),
    b(X::Entries, &["M"], C::OpenMeeting, 0),
    b(X::Meeting, &["j", "<down>"], C::Down, 0),
    b(X::Meeting, &["k", "<up>"], C::Up, 0),
    b(X::Meeting, &["?"], C::Help, 8),
    b(X::Meeting, &["<esc>", "q"], C::Back, 9),
    b(X::Rankings, &["j", "<down>"], C::Down, 0),
    b(X::Rankings, &["k", "<up>"], C::Up, 0),
    b(X::Rankings, &["<pgdn>", "<c-d>"], C::PageDown, 0),
    b(X::Rankings, &["<pgup>", "<c-u>"], C::PageUp, 0),
    b(X::Rankings, &["g", "<home>"], C::Top, 0),
    b(X::Rankings, &["G", "<end>"], C::Bottom, 0),
    b(X::Rankings, &["<enter>"], C::Open, 1),
    b(X::Rankings, &["m"], C::SwitchMethod, 2),
    b(X::Rankings, &["o"], C::CycleSort, 3),
    b(X::Rankings, &["+"], C::AddMarker, 4),
    b(X::Rankings, &["A"], C::Assign, 0),
    b(X::Rankings, &["u"], C::UndoAct, 0),
    b(X::Rankings, &["v"], C::CycleRound, 0),
    b(X::Rankings, &["P"], C::Publish, 5),
    b(X::Rankings, &["<tab>"], C::NextScreen, 6),
    b(X::Rankings, &["<s-tab>"], C::PrevScreen, 0),
    b(X::Rankings, &["?"], C::Help, 8),
    b(X::Rankings, &["<esc>", "q"], C::Back, 9),
    b(X::Breakdown, &["j", "<down>"], C::Down, 0),
    b(X::Breakdown, &["k", "<up>"], C::Up, 0),
    b(X::Breakdown, &["]", "<pgdn>"], C::NextEntry, 1),
    b(X::Breakdown, &["[", "<pgup>"], C::PrevEntry, 2),
    b(X::Breakdown, &["+"], C::AddMarker, 3),
    b(X::Breakdown, &["u"], C::UndoAct, 0),
    b(X::Breakdown, &["?"], C::Help, 8),
    b(X::Breakdown, &["<esc>", "q"], C::Back, 9),
    b(X::Figures, &["j", "<down>"], C::Down, 0),
    b(X::Figures, &["k", "<up>"], C::Up, 0),
    b(X::Figures, &["P"], C::Publish, 0),
    b(X::Figures, &["<tab>"], C::NextScreen, 1),
    b(X::Figures, &["<s-tab>"], C::PrevScreen, 2),
    b(X::Figures, &["?"], C::Help, 8),
    b(X::Figures, &["<esc>", "q"], C::Back, 9),
    b(X::Progress, &["j", "<down>"], C::Down, 0),
    b(X::Progress, &["k", "<up>"], C::Up, 0),
    b(X::Progress, &["<right>"], C::NextCriterion, 0),
    b(X::Progress, &["<left>"], C::PrevCriterion, 0),
    b(X::Progress, &["l"], C::StepUp, 0),
    b(X::Progress, &["h"], C::StepDown, 0),
    b(X::Progress, &["<enter>"], C::Open, 1),
    b(X::Progress, &["o"], C::ToggleOwes, 3),
    b(X::Progress, &["M"], C::Remind, 4),
    b(X::Progress, &["P"], C::Publish, 0),
    b(X::Progress, &["<tab>"], C::NextScreen, 2),
    b(X::Progress, &["<s-tab>"], C::PrevScreen, 0),
    b(X::Progress, &["?"], C::Help, 8),
    b(X::Progress, &["<esc>", "q"], C::Back, 9),
    b(X::Conflicts, &["j", "<down>"], C::Down, 0),
    b(X::Conflicts, &["k", "<up>"], C::Up, 0),
    b(X::Conflicts, &["c"], C::ConfirmConflict, 1),
    b(X::Conflicts, &["d"], C::DismissConflict, 2),
    b(X::Conflicts, &["u"], C::UndoRecusal, 4),
    b(X::Conflicts, &["<tab>"], C::NextScreen, 3),
    b(X::Conflicts, &["<s-tab>"], C::PrevScreen, 0),
    b(X::Conflicts, &["?"], C::Help, 8),
    b(X::Conflicts, &["<esc>", "q"], C::Back, 9),
    b(X::Audit, &["j", "<down>"], C::Down, 0),
    b(X::Audit, &["k", "<up>"], C::Up, 0),
    b(X::Audit, &["<pgdn>", "<c-d>"], C::PageDown, 0),
    b(X::Audit, &["<pgup>", "<c-u>"], C::PageUp, 0),
    b(X::Audit, &["<enter>"], C::Open, 1),
    b(X::Audit, &["f"], C::FilterField, 2),
    b(X::Audit, &["R"], C::Reload, 0),
    b(X::Audit, &["<tab>"], C::NextScreen, 3),
    b(X::Audit, &["<s-tab>"], C::PrevScreen, 0),
    b(X::Audit, &["?"], C::Help, 8),
    b(X::Audit, &["<esc>", "q"], C::Back, 9),
    // The chair's screen keys work from every chair screen, as from the list.
    b(X::Rankings, &["r"], C::OpenRankings, 0),
    b(X::Rankings, &["p"], C::OpenProgress, 0),
    b(X::Rankings, &["w"], C::OpenAgreement, 0),
    b(X::Rankings, &["C"], C::OpenConflicts, 0),
    b(X::Rankings, &["T"], C::OpenAudit, 0),
    b(X::Breakdown, &["r"], C::OpenRankings, 0),
    b(X::Breakdown, &["p"], C::OpenProgress, 0),
    b(X::Breakdown, &["w"], C::OpenAgreement, 0),
    b(X::Breakdown, &["C"], C::OpenConflicts, 0),
    b(X::Breakdown, &["T"], C::OpenAudit, 0),
    b(X::Progress, &["r"], C::OpenRankings, 0),
    b(X::Progress, &["p"], C::OpenProgress, 0),
    b(X::Progress, &["w"], C::OpenAgreement, 0),
    b(X::Progress, &["C"], C::OpenConflicts, 0),
    b(X::Progress, &["T"], C::OpenAudit, 0),
    b(X::Figures, &["r"], C::OpenRankings, 0),
    b(X::Figures, &["p"], C::OpenProgress, 0),
    b(X::Figures, &["w"], C::OpenAgreement, 0),
    b(X::Figures, &["C"], C::OpenConflicts, 0),
    b(X::Figures, &["T"], C::OpenAudit, 0),
    b(X::Conflicts, &["r"], C::OpenRankings, 0),
    b(X::Conflicts, &["p"], C::OpenProgress, 0),
    b(X::Conflicts, &["w"], C::OpenAgreement, 0),
    b(X::Conflicts, &["C"], C::OpenConflicts, 0),
    b(X::Conflicts, &["T"], C::OpenAudit, 0),
    b(X::Audit, &["r"], C::OpenRankings, 0),
    b(X::Audit, &["p"], C::OpenProgress, 0),
    b(X::Audit, &["w"], C::OpenAgreement, 0),
    b(X::Audit, &["C"], C::OpenConflicts, 0),
    b(X::Audit, &["T"], C::OpenAudit, 0),
    b(X::Entries, &["L"], C::ToggleLang, 0),
    b(X::Entries, &["?"], C::Help, 8),
    b(X::Entries, &["q"], C::Quit, 9),
    b(X::Search, &["<enter>"], C::SearchAccept, 1),
    b(X::Search, &["<esc>"], C::SearchCancel, 2),
    b(X::Search, &["<down>", "<c-n>"], C::Down, 3),
    b(X::Search, &["<up>", "<c-p>"], C::Up, 4),
    b(X::Sheet, &["<digit>"], C::TypePoints, 1),
    b(X::Sheet, &["<enter>"], C::Commit, 2),
    b(X::Sheet, &["j", "<down>", "<tab>"], C::NextCriterion, 3),
    b(X::Sheet, &["k", "<up>", "<s-tab>"], C::PrevCriterion, 0),
    b(X::Sheet, &["+", "="], C::StepUp, 4),
    b(X::Sheet, &["-"], C::StepDown, 0),
    b(X::Sheet, &["<bs>"], C::EditBackspace, 0),
    b(X::Sheet, &["x", "<del>"], C::ClearPoints, 0),
    b(X::Sheet, &["<c-s>"], C::Save, 0),
    b(X::Sheet, &["S"], C::Submit, 5),
    b(X::Sheet, &["R"], C::Reopen, 0),
    b(X::Sheet, &["a"], C::Annotate, 6),
    b(X::Sheet, &["v"], C::Read, 5),
    b(X::Sheet, &["r"], C::Remark, 0),
    b(X::Sheet, &["A"], C::ListAnnotations, 0),
    b(X::Sheet, &["]", "<pgdn>"], C::NextEntry, 0),
    b(X::Sheet, &["[", "<pgup>"], C::PrevEntry, 0),
    b(X::Sheet, &["n"], C::NextUnsubmitted, 0),
    b(X::Sheet, &["u"], C::Undo, 7),
    b(X::Sheet, &["U", "<c-r>"], C::Redo, 0),
    b(X::Sheet, &["X"], C::Recuse, 0),
    b(X::Sheet, &["?"], C::Help, 8),
    b(X::Sheet, &["<esc>", "q", "h", "<left>"], C::BackToList, 9),
    b(X::Reader, &["j", "<down>"], C::Down, 0),
    b(X::Reader, &["k", "<up>"], C::Up, 0),
    b(X::Reader, &["<space>", "<pgdn>", "<c-d>"], C::PageDown, 1),
    b(X::Reader, &["<pgup>", "<c-u>", "b"], C::PageUp, 2),
    b(X::Reader, &["g", "<home>"], C::Top, 0),
    b(X::Reader, &["G", "<end>"], C::Bottom, 0),
    b(X::Reader, &["/"], C::Search, 3),
    b(X::Reader, &["n"], C::NextMatch, 4),
    b(X::Reader, &["N"], C::PrevMatch, 0),
    b(X::Reader, &["o"], C::NextAttachment, 0),
    b(X::Reader, &["<enter>"], C::OpenAttachment, 0),
    b(X::Reader, &["<tab>", "<s-tab>"], C::SwitchFocus, 6),
    b(X::Reader, &["v"], C::Read, 5),
    b(X::Reader, &["V"], C::MarkLines, 7),
    b(X::Reader, &["c"], C::CommentMarked, 0),
    b(X::Reader, &["]"], C::NextAnnotation, 0),
    b(X::Reader, &["["], C::PrevAnnotation, 0),
    b(X::Reader, &["?"], C::Help, 8),
    b(X::Reader, &["<esc>", "q"], C::Back, 9),
    b(X::ReaderSearch, &["<enter>"], C::SearchAccept, 1),
    b(X::ReaderSearch, &["<esc>"], C::SearchCancel, 2),
    b(X::ReaderComment, &["<enter>"], C::Save, 1),
    b(X::ReaderComment, &["<esc>"], C::Back, 2),
    b(X::Note, &["<c-s>"], C::Save, 1),
    b(X::Note, &["<esc>"], C::Back, 2),
    b(X::Note, &["<enter>"], C::EditNewline, 0),
    b(X::Note, &["<up>"], C::EditUp, 0),
    b(X::Note, &["<down>"], C::EditDown, 0),
    b(X::Note, &["<c-home>"], C::EditDocStart, 0),
    b(X::Note, &["<c-end>"], C::EditDocEnd, 0),
    b(X::Remark, &["<enter>"], C::Save, 1),
    b(X::Remark, &["<esc>"], C::No, 2),
    b(X::Annotations, &["j", "<down>"], C::Down, 0),
    b(X::Annotations, &["k", "<up>"], C::Up, 0),
    b(X::Annotations, &["d", "x", "<del>"], C::DeleteAnnotation, 1),
    b(X::Annotations, &["<esc>", "q", "A"], C::Back, 2),
    b(X::Prompt, &["<enter>"], C::Yes, 1),
    b(X::Prompt, &["<esc>"], C::No, 2),
    b(X::Text, &["<left>"], C::EditLeft, 0),
    b(X::Text, &["<right>"], C::EditRight, 0),
    b(X::Text, &["<c-left>", "<a-b>"], C::EditWordLeft, 0),
    b(X::Text, &["<c-right>", "<a-f>"], C::EditWordRight, 0),
    b(X::Text, &["<home>", "<c-a>"], C::EditHome, 0),
    b(X::Text, &["<end>", "<c-e>"], C::EditEnd, 0),
    b(X::Text, &["<bs>"], C::EditBackspace, 0),
    b(X::Text, &["<del>"], C::EditDelete, 0),
    b(X::Text, &["<c-w>", "<a-bs>"], C::EditDeleteWord, 0),
    b(X::Merge, &["<c-s>"], C::KeepMine, 1),
    b(X::Merge, &["<c-t>"], C::TakeTheirs, 2),
    b(X::Merge, &["<c-k>"], C::KeepBoth, 3),
    b(X::Merge, &["<pgdn>"], C::PageDown, 0),
    b(X::Merge, &["<pgup>"], C::PageUp, 0),
    b(X::Merge, &["<esc>"], C::DecideLater, 4),
    b(X::ChooseMember, &["j", "<down>"], C::Down, 2),
    b(X::ChooseMember, &["k", "<up>"], C::Up, 3),
    b(X::ChooseMember, &["<enter>"], C::Choose, 1),
    b(X::ChooseMember, &["<esc>", "q"], C::Back, 9),
    b(X::Detail, &["j", "<down>"], C::Down, 2),
    b(X::Detail, &["k", "<up>"], C::Up, 3),
    b(X::Detail, &["<esc>", "q", "<enter>"], C::Back, 1),
    b(X::Confirm, &["y", "<enter>"], C::Yes, 1),
    b(X::Confirm, &["n", "<esc>"], C::No, 2),
    b(X::Help, &["j", "<down>"], C::Down, 0),
    b(X::Help, &["k", "<up>"], C::Up, 0),
    b(X::Help, &["<esc>", "?", "q"], C::Back, 1),
];

/// A digit or a decimal mark (Vietnamese writes 18,5).
pub fn is_points_char(c: char) -> bool {
    c.is_ascii_digit() || c == '.' || c == ','
}

fn table() -> &'static HashMap<(Context, Key), Command> {
    static TABLE: OnceLock<HashMap<(Context, Key), Command>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for bind in BINDINGS {
            for k in bind.keys {
                if *k == "<digit>" {
                    continue;
                }
                if let Some(key) = Key::parse(k) {
                    map.entry((bind.context, key)).or_insert(bind.command);
                }
            }
        }
        map
    })
}

/// The command `key` runs in `context`'s own bindings only (no editing or
/// global keys).
pub fn bound(context: Context, key: Key) -> Option<Command> {
    table().get(&(context, key)).copied()
}

/// The command `key` runs in `context`, looking at the screen's own keys,
/// then the editing keys where text is typed, then the global ones.
pub fn lookup(context: Context, key: Key) -> Option<Command> {
    let t = table();
    if let Some(c) = t.get(&(context, key)) {
        return Some(*c);
    }
    if context == Context::Sheet && key.typed_char().is_some_and(is_points_char) {
        return Some(Command::TypePoints);
    }
    if context.takes_text()
        && let Some(c) = t.get(&(Context::Text, key))
    {
        return Some(*c);
    }
    t.get(&(Context::Global, key)).copied()
}

/// The bindings to list for `context`, in table order (with the editing and
/// global keys where they apply).
pub fn bindings_for(context: Context) -> Vec<&'static Binding> {
    let mut out: Vec<&Binding> = BINDINGS.iter().filter(|b| b.context == context).collect();
    if context.takes_text() {
        out.extend(BINDINGS.iter().filter(|b| b.context == Context::Text));
    }
    out.extend(BINDINGS.iter().filter(|b| b.context == Context::Global));
    out
}

/// The status line's hints for `context`, most useful first.
pub fn hints(context: Context) -> Vec<&'static Binding> {
    let mut out: Vec<&Binding> = BINDINGS
        .iter()
        .filter(|b| b.context == context && b.hint > 0)
        .collect();
    out.sort_by_key(|b| b.hint);
    out
}

/// How a binding's keys are written on screen: `j/↓`, `0–9`.
pub fn keys_label(binding: &Binding) -> String {
    binding
        .keys
        .iter()
        .map(|k| {
            if *k == "<digit>" {
                "0–9".to_string()
            } else {
                Key::parse(k)
                    .map(|k| k.to_string())
                    .unwrap_or_else(|| k.to_string())
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Only the first key, for the narrow status line.
pub fn first_key_label(binding: &Binding) -> String {
    match binding.keys.first() {
        Some(&"<digit>") => "0–9".to_string(),
        Some(k) => Key::parse(k)
            .map(|k| k.to_string())
            .unwrap_or_else(|| k.to_string()),
        None => String::new(),
    }
}

/// The key table for the README, per screen, generated from the keymap.
pub fn markdown(lang: crate::domain::Lang) -> String {
    let order = [
        Context::Entries,
        Context::Search,
        Context::Sheet,
        Context::Reader,
        Context::ReaderSearch,
        Context::ReaderComment,
        Context::Note,
        Context::Text,
        Context::Confirm,
        Context::Prompt,
        Context::Remark,
        Context::Annotations,
        Context::Merge,
        Context::ChooseMember,
        Context::Detail,
        Context::Picker,
        Context::Help,
        Context::Rankings,
        Context::Breakdown,
        Context::Progress,
        Context::Figures,
        Context::Conflicts,
        Context::Audit,
        Context::Meeting,
        Context::Global,
    ];
    let mut out = String::new();
    for context in order {
        out.push_str(&format!(
            "\n**{}**\n\n| {} | |\n|---|---|\n",
            context.title().get(lang),
            crate::i18n::T::HelpTitle.get(lang)
        ));
        for b in BINDINGS.iter().filter(|b| b.context == context) {
            let keys = keys_label(b).replace('|', "\\|");
            out.push_str(&format!("| `{keys}` | {} |\n", b.describe().get(lang)));
        }
    }
    out
}

impl Key {
    pub fn is(self, code: KeyCode) -> bool {
        self.code == code && !self.ctrl && !self.alt
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_in_the_table_parses() {
        for bind in BINDINGS {
            for k in bind.keys {
                assert!(
                    *k == "<digit>" || Key::parse(k).is_some(),
                    "bad key notation {k}"
                );
            }
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        let mut seen = std::collections::HashSet::new();
        for bind in BINDINGS {
            for k in bind.keys {
                assert!(
                    seen.insert((bind.context, *k)),
                    "{k} bound twice in {:?}",
                    bind.context
                );
            }
        }
    }

    #[test]
    fn screen_keys_win_over_editing_and_global_keys() {
        let k = |s| Key::parse(s).unwrap();
        assert_eq!(lookup(Context::Entries, k("j")), Some(Command::Down));
        assert_eq!(lookup(Context::Sheet, k("7")), Some(Command::TypePoints));
        assert_eq!(lookup(Context::Sheet, k(",")), Some(Command::TypePoints));
        assert_eq!(
            lookup(Context::Note, k("<bs>")),
            Some(Command::EditBackspace)
        );
        assert_eq!(
            lookup(Context::Note, k("j")),
            None,
            "letters are text in a note"
        );
        assert_eq!(lookup(Context::Note, k("<c-c>")), Some(Command::Quit));
        assert_eq!(
            lookup(Context::Sheet, k("<del>")),
            Some(Command::ClearPoints)
        );
    }
}
