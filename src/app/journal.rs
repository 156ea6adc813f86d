//! What the member typed that the store has not acknowledged yet.
//!
//! Every such draft is a save waiting to happen (`Change::SaveSheet` or
//! `Change::SaveNote`, with the version it was based on). The model keeps
//! them until stored or discarded; the runtime writes them to a journal file
//! so that a lost terminal or a dead server loses nothing, and gives them
//! back on the next start, when they are saved with the usual version check.
//! (The file itself is `crate::journal_file`, used by the runtime, `crate::run`.)

use serde::{Deserialize, Serialize};

use super::{Effect, Model, Overlay, Screen, Tone};
use crate::domain::change::Target;
use crate::domain::{Change, SheetKey};
use crate::i18n::T;

/// Points typed for a criterion that the rubric refuses (30 on a 25-point
/// criterion): never a save, but what the member typed, so kept as text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Typed {
    pub key: SheetKey,
    pub criterion: String,
    pub text: String,
}

/// Everything the journal holds: drafts to save, and refused values to show again.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pending {
    pub drafts: Vec<Change>,
    pub typed: Vec<Typed>,
}

impl Pending {
    pub fn is_empty(&self) -> bool {
        self.drafts.is_empty() && self.typed.is_empty()
    }
}

impl From<Vec<Change>> for Pending {
    fn from(drafts: Vec<Change>) -> Pending {
        Pending {
            drafts,
            typed: Vec::new(),
        }
    }
}

/// A draft whose editor was closed before the store acknowledged it.
#[derive(Clone, Debug, PartialEq)]
pub struct Unsent {
    pub change: Change,
    /// A save of it is on its way.
    pub sending: bool,
    /// Refused because someone saved the record meanwhile: it waits for the
    /// member to choose in the merge view and is never saved by itself.
    pub stale: bool,
    /// Say so when it is stored: it came from the journal, or a save of it
    /// failed (an ordinary save on closing the editor goes without a word).
    pub announce: bool,
    /// Refused for good (the entry no longer assigned, the round closed…):
    /// why, in the member's words, until they discard it or keep it.
    pub refused: Option<String>,
    /// The member chose to keep it in the journal: not asked again this run.
    pub kept: bool,
}

/// Whether two changes are about the same record (the same sheet, or the same note).
pub fn same_record(a: &Change, b: &Change) -> bool {
    a.key() == b.key() && a.target() == b.target()
}

/// Every draft not yet acknowledged: the open sheet and note when they have
/// unsaved changes, and the drafts of closed editors; and the refused values
/// typed (on the open sheet, or restored for a sheet not yet reopened).
pub fn collect(m: &Model) -> Pending {
    let mut out = Vec::new();
    let mut typed = m.typed.clone();
    if let Some(s) = &m.sheet
        && let Some(t) = s.refused_typing(&m.contest)
    {
        typed.push(t);
    }
    if let Some(s) = &m.sheet
        && s.is_dirty()
        && !s.is_submitted()
    {
        out.push(s.draft(&m.contest));
    }
    if let Some(n) = &m.note
        && n.is_dirty()
    {
        out.push(n.draft());
    }
    out.extend(m.unsent.iter().map(|u| u.change.clone()));
    out.extend(super::remark::drafts(m));
    if let Some(super::Overlay::Remark(r)) = &m.overlay
        && r.is_dirty()
        && let Some(draft) = r.draft(m)
    {
        out.push(draft);
    }
    out.extend(super::reader::comment_draft(m));
    Pending { drafts: out, typed }
}

/// Keeps the draft of an editor being closed until the store acknowledges it.
pub fn park(m: &mut Model, change: Change, sending: bool, stale: bool) {
    m.unsent.retain(|u| !same_record(&u.change, &change));
    m.unsent.push(Unsent {
        change,
        sending,
        stale,
        announce: !sending,
        refused: None,
        kept: false,
    });
}

/// The store refused a parked draft for a reason no merge can fix: it is
/// never sent again by itself, and the member is asked what to do with it.
pub fn refused_for_good(m: &mut Model, change: &Change, why: &str) {
    for u in m.unsent.iter_mut().filter(|u| u.change == *change) {
        u.sending = false;
        u.stale = true;
        u.refused = Some(why.to_string());
        u.kept = false;
    }
    ask_refused(m);
}

/// Asks about the first draft refused for good, when no dialog is open.
pub fn ask_refused(m: &mut Model) {
    if m.overlay.is_some() {
        return;
    }
    let Some((change, why)) = m
        .unsent
        .iter()
        .find(|u| !u.kept && u.refused.is_some())
        .and_then(|u| Some((u.change.clone(), u.refused.clone()?)))
    else {
        return;
    };
    let question = T::UnsentRefusedAsk.with(m.lang, &[&describe(m, &change), &why]);
    m.overlay = Some(Overlay::Ask(super::Ask {
        title: T::UnsentRefusedTitle,
        question,
        then: super::Then::DiscardUnsent(change),
    }));
}

/// The member's answer: `discard` drops the draft; otherwise it stays in
/// the journal (and is tried again at the next start).
pub fn answer_refused(m: &mut Model, change: &Change, discard: bool) {
    let what = describe(m, change);
    if discard {
        m.unsent.retain(|u| u.change != *change);
        m.say(Tone::Info, T::UnsentDiscarded.with(m.lang, &[&what]));
    } else {
        for u in m.unsent.iter_mut().filter(|u| u.change == *change) {
            u.kept = true;
        }
        m.say(Tone::Info, T::UnsentKept.with(m.lang, &[&what]));
    }
    ask_refused(m);
}

/// Takes out the parked draft of this record, if there is one (its editor is opening).
pub fn unpark(m: &mut Model, key: &crate::domain::SheetKey, target: Target) -> Option<Unsent> {
    let i = m
        .unsent
        .iter()
        .position(|u| u.change.key() == key && u.change.target() == target)?;
    Some(m.unsent.remove(i))
}

/// Saves again the parked drafts that are not on their way or waiting for a choice.
pub fn resend(m: &mut Model) -> Vec<Effect> {
    m.unsent
        .iter_mut()
        .filter(|u| !u.sending && !u.stale)
        .map(|u| {
            u.sending = true;
            Effect::Apply(u.change.clone())
        })
        .collect()
}

/// What is stored for the record a draft is about: its version and whether
/// it already holds what the draft says.
fn stored(m: &Model, change: &Change) -> (u64, bool) {
    match change {
        Change::SaveSheet { key, points, .. } => match m.contest.sheet(key) {
            Some(s) => (s.version, s.marks.to_map(&m.contest.rubric) == *points),
            None => (0, points.is_empty()),
        },
        Change::SaveNote {
            key,
            text,
            remarks,
            annotations,
            ..
        } => match m.contest.note(key) {
            Some(n) => (
                n.version,
                n.text == *text && n.remarks == *remarks && n.annotations == *annotations,
            ),
            None => (
                0,
                text.is_empty() && remarks.is_empty() && annotations.is_empty(),
            ),
        },
        _ => (0, true),
    }
}

/// "SK01 · Note" for messages.
pub fn describe(m: &Model, change: &Change) -> String {
    let what = match change.target() {
        Target::Sheet => T::CtxSheet,
        Target::Note => T::Note,
    };
    format!("{} · {}", change.key().entry, m.t(what))
}

/// The journal found at start: each draft is saved with the version check
/// when nothing newer is stored, dropped when the store already holds it,
/// and otherwise offered in the merge view.
pub fn restore(m: &mut Model, pending: Pending) -> Vec<Effect> {
    let me = m.me.clone().unwrap_or_default();
    let mut fx = Vec::new();
    let (mut saving, mut differ) = (Vec::new(), Vec::new());
    for change in pending.drafts {
        if !matches!(change, Change::SaveSheet { .. } | Change::SaveNote { .. })
            || *change.key().judge != *me
            || m.contest.entry_position(&change.key().entry).is_none()
        {
            continue;
        }
        let (version, same) = stored(m, &change);
        if same {
            continue;
        }
        let what = describe(m, &change);
        if version == change.base() {
            fx.push(Effect::Apply(change.clone()));
            park(m, change, true, false);
            if let Some(u) = m.unsent.last_mut() {
                u.announce = true;
            }
            saving.push(what);
        } else if let Some(conflicted) = super::remark::rescue(m, &change) {
            if conflicted {
                differ.push(what);
            } else {
                saving.push(what);
            }
        } else {
            park(m, change, false, true);
            differ.push(what);
        }
    }
    if !differ.is_empty() {
        let text = T::JournalDiffers.with(m.lang, &[&differ.join(", ")]);
        m.say(Tone::Error, text);
        open_first_stale(m);
    } else if !saving.is_empty() {
        let text = T::JournalRestored.with(m.lang, &[&saving.join(", ")]);
        m.say(Tone::Info, text);
    }
    restore_typed(m, pending.typed, differ.is_empty());
    fx.extend(super::remark::pump(m));
    super::remark_edit::show_conflict(m);
    fx
}

/// Refused values from the journal go back on screen, refused and not
/// saved, for the member to fix or discard; the first one's sheet opens
/// unless a merge view waits.
fn restore_typed(m: &mut Model, typed: Vec<Typed>, open: bool) {
    let me = m.me.clone().unwrap_or_default();
    for t in typed {
        let known = m.contest.entry_position(&t.key.entry).is_some()
            && m.contest.rubric.get(&t.criterion).is_some();
        if *t.key.judge != *me || !known {
            continue;
        }
        m.typed.retain(|o| o.key != t.key);
        m.typed.push(t);
    }
    let Some(first) = m.typed.first().cloned() else {
        return;
    };
    let name = m
        .contest
        .rubric
        .get(&first.criterion)
        .map(|c| c.name.get(m.lang).to_string())
        .unwrap_or_default();
    let what = format!("{} · {name}", first.key.entry);
    if open
        && m.sheet.is_none()
        && m.note.is_none()
        && m.overlay.is_none()
        && let Some(entry) = m.contest.entry_position(&first.key.entry)
    {
        super::sheet::open(m, entry);
    }
    let text = T::JournalRefusedKept.with(m.lang, &[&what, &first.text]);
    m.say(Tone::Error, text);
}

/// Opens the editor of the first draft that waits for a choice, with the merge view.
pub fn open_first_stale(m: &mut Model) {
    if m.overlay.is_some() || m.has_unsaved() {
        return;
    }
    let Some(u) = m.unsent.iter().find(|u| u.stale && u.refused.is_none()) else {
        return;
    };
    let (key, target) = (u.change.key().clone(), u.change.target());
    let Some(entry) = m.contest.entry_position(&key.entry) else {
        return;
    };
    match target {
        Target::Sheet => super::sheet::open(m, entry),
        Target::Note => super::note::open(m, entry, Screen::Entries),
    }
    let opened = match target {
        Target::Sheet => m.sheet.as_ref().is_some_and(|s| s.conflict.is_some()),
        Target::Note => m.note.as_ref().is_some_and(|n| n.conflict.is_some()),
    };
    if opened {
        m.overlay = Some(Overlay::Merge { target, scroll: 0 });
    }
}
