//! The `jury/contest@1` file: the interchange format for import, export and the demo.
//!
//! Reading is strict (unknown keys, bad references and out-of-range points are
//! refused, each with the place it was found) so that an import either takes the
//! whole file or nothing.

mod error;
mod schema;
mod validate;

use std::path::Path;

pub use error::{FileError, Problem};
use schema::{FileV1, PointsByCriterion, ScoreRecord};
pub use schema::{Packet, PacketKind};

use crate::domain::contest::DEFAULT_ROUND;
use crate::domain::{Contest, Marks, Note, Round, Sheet, SheetKey, SheetState};
use crate::i18n::T;

pub const FORMAT: &str = "jury/contest@1";

/// Files larger than this are refused before reading, so a stray file cannot
/// exhaust memory; a national contest's export is far smaller.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// A file as read: the contest, and the packet it is part of, if any.
pub struct Loaded {
    pub contest: Contest,
    pub packet: Option<Packet>,
}

/// Reads and checks a contest file from disk.
pub fn read_path(path: &Path) -> Result<Contest, FileError> {
    load_path(path).map(|l| l.contest)
}

/// Reads and checks a contest file's bytes; `name` appears in messages.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Contest, FileError> {
    load_bytes(name, bytes).map(|l| l.contest)
}

/// As `read_path`, keeping what the file says about a packet.
pub fn load_path(path: &Path) -> Result<Loaded, FileError> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| FileError::io(&name, &e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(FileError::single(
            &name,
            Problem::new(
                "",
                error::said(
                    T::FileTooBig,
                    &[
                        &(meta.len() / (1024 * 1024)),
                        &(MAX_FILE_BYTES / (1024 * 1024)),
                    ],
                ),
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| FileError::io(&name, &e))?;
    load_bytes(&name, &bytes)
}

pub fn load_bytes(name: &str, bytes: &[u8]) -> Result<Loaded, FileError> {
    // Notepad and Excel save UTF-8 with a byte-order mark; it is not JSON.
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = error::line_col(bytes, e.valid_up_to());
        FileError::single(
            name,
            Problem::at("", line, column, error::said(T::FileNotUtf8, &[])),
        )
    })?;
    let mut file = schema::parse(name, text)?;
    file.normalize();
    let problems = validate::check(&file);
    if !problems.is_empty() {
        return Err(FileError::many(name, problems));
    }
    let packet = file.packet.clone();
    Ok(Loaded {
        contest: into_contest(file),
        packet,
    })
}

fn into_contest(file: FileV1) -> Contest {
    let rounds = if file.rounds.is_empty() {
        vec![Round::single()]
    } else {
        file.rounds
    };
    let first_round = rounds[0].id.clone();
    let mut contest = Contest::default();
    contest.meta = file.contest;
    contest.rubric = crate::domain::Rubric::new(file.criteria);
    contest.judges = file.judges;
    contest.entries = file.entries;
    contest.awards = file.awards;
    contest.units = file.units;
    contest.fields = file.fields;
    contest.rules = file.rules;
    contest.rounds = rounds;
    contest.conflicts = file.conflicts;
    contest.meeting = file.meeting;
    for a in file.assignments {
        contest.assignments.add(
            a.round.as_deref().unwrap_or(&first_round),
            &a.entry,
            &a.judge,
        );
    }
    contest.reindex();
    for score in file.scores {
        let round = score.round.unwrap_or_else(|| first_round.clone());
        let key = SheetKey::new(&round, &score.entry, &score.judge);
        if !score.points.0.is_empty() || score.submitted {
            contest.put_sheet(Sheet {
                key: key.clone(),
                // The checks above refused unknown criteria, so nothing is dropped here.
                marks: Marks::from_map(&contest.rubric, &score.points.to_map())
                    .unwrap_or_else(|_| Marks::empty(&contest.rubric)),
                state: if score.submitted {
                    SheetState::Submitted
                } else {
                    SheetState::Draft
                },
                reopened: 0,
                version: score.version.unwrap_or(1),
            });
        }
        // An empty note is no note: the writer leaves it out, so keeping one
        // would make a file read back differently from how it was written.
        let text = score.note.unwrap_or_default();
        if !text.is_empty() || !score.remarks.is_empty() || !score.annotations.is_empty() {
            contest.put_note(Note {
                key,
                text,
                version: score.note_version.unwrap_or(1),
                remarks: score.remarks,
                annotations: score.annotations,
            });
        }
    }
    contest
}

/// Writes the whole contest, with every sheet and note, as `jury/contest@1`.
pub fn write(contest: &Contest) -> String {
    to_text(&from_contest(contest, None, &|_: &SheetKey| None))
}

/// Writes one member's packet (`kind` packet) or return: the contest with only
/// `packet.judge`'s sheets and notes, each with the version given by `version`
/// (a return carries the versions of the packet it answers).
pub fn write_packet(
    contest: &Contest,
    packet: Packet,
    version: &dyn Fn(&SheetKey) -> Option<(u64, u64)>,
) -> String {
    to_text(&from_contest(contest, Some(packet), version))
}

fn to_text(file: &FileV1) -> String {
    // Every map key is a string, so serializing cannot fail.
    let mut text = serde_json::to_string_pretty(file).expect("contest file serializes");
    text.push('\n');
    text
}

fn from_contest(
    contest: &Contest,
    packet: Option<Packet>,
    version: &dyn Fn(&SheetKey) -> Option<(u64, u64)>,
) -> FileV1 {
    let single_default = contest.rounds.len() == 1 && contest.rounds[0] == Round::single();
    let first_round = contest
        .rounds
        .first()
        .map(|r| r.id.as_str())
        .unwrap_or(DEFAULT_ROUND);
    let mut scores = Vec::new();
    // Sheets follow the file's own order: round, entry, member.
    for round in &contest.rounds {
        for entry in &contest.entries {
            for judge in &contest.judges {
                if packet.as_ref().is_some_and(|p| p.judge != judge.id) {
                    continue;
                }
                let key = SheetKey::new(&round.id, &entry.id, &judge.id);
                let sheet = contest.sheet(&key);
                let note = contest.note(&key).filter(|n| !n.is_empty());
                if sheet.is_none() && note.is_none() {
                    continue;
                }
                scores.push(ScoreRecord {
                    entry: entry.id.clone(),
                    judge: judge.id.clone(),
                    round: (round.id != first_round).then(|| round.id.clone()),
                    points: sheet
                        .map(|s| in_rubric_order(&contest.rubric, &s.marks))
                        .unwrap_or_default(),
                    note: note.map(|n| n.text.clone()).filter(|t| !t.is_empty()),
                    submitted: sheet.is_some_and(Sheet::is_submitted),
                    version: version(&key).map(|(s, _)| s),
                    note_version: version(&key).map(|(_, n)| n),
                    remarks: note.map(|n| n.remarks.clone()).unwrap_or_default(),
                    annotations: note.map(|n| n.annotations.clone()).unwrap_or_default(),
                });
            }
        }
    }
    FileV1 {
        format: FORMAT.to_string(),
        contest: contest.meta.clone(),
        criteria: contest.rubric.criteria.clone(),
        judges: contest.judges.clone(),
        entries: contest.entries.clone(),
        scores,
        awards: contest.awards.clone(),
        units: contest.units.clone(),
        fields: contest.fields.clone(),
        rules: contest.rules.clone(),
        rounds: if single_default {
            Vec::new()
        } else {
            contest.rounds.clone()
        },
        conflicts: contest.conflicts.clone(),
        assignments: contest
            .assignments
            .iter()
            .map(|(r, e, j)| crate::domain::assignment::Assignment {
                round: (r != first_round).then(|| r.to_string()),
                entry: e.to_string(),
                judge: j.to_string(),
            })
            .collect(),
        meeting: contest.meeting.clone(),
        packet,
    }
}

fn in_rubric_order(rubric: &crate::domain::Rubric, marks: &Marks) -> PointsByCriterion {
    PointsByCriterion(
        rubric
            .criteria
            .iter()
            .enumerate()
            .filter_map(|(i, c)| marks.get(i).map(|p| (c.id.clone(), p)))
            .collect(),
    )
}
