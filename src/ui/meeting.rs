//! The meeting screen: the council's meeting as the secretary recorded it,
//! to read, with the `jury meeting` commands that change it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{status_line, title_bar};
use crate::app::Model;
use crate::domain::decision::{self, Standing};
use crate::domain::escape::terminal_line;
use crate::domain::format;
use crate::domain::meeting::{Meeting, quorum};
use crate::i18n::T;

pub fn view(m: &Model, f: &mut Frame, area: Rect) {
    let [top, head, body, hint, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(3),
        Constraint::Length(1),
    ])
    .areas(area);
    title_bar(m, f, top, &m.contest.meta.title);
    f.render_widget(
        Paragraph::new(Line::styled(
            format!(" {}", m.t(T::MeetingTitle)),
            m.theme.heading(),
        )),
        head,
    );
    let lines = match &m.contest.meeting {
        Some(meeting) => record(m, meeting),
        None => vec![Line::raw(m.t(T::MeetingNone))],
    };
    // The record and the commands are drawn one column in, so that a
    // wrapped line lines up with its first.
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((m.chair.scroll, 0)),
        inset(body),
    );
    f.render_widget(
        Paragraph::new(vec![
            Line::styled(
                T::MeetingEditHint.with(m.lang, &[&"jury meeting", &"jury meeting"]),
                m.theme.dim(),
            ),
            Line::styled(m.t(T::MeetingEditCommands), m.theme.dim()),
        ])
        .wrap(Wrap { trim: false }),
        inset(hint),
    );
    status_line(m, f, status);
}

fn inset(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(1),
        width: area.width.saturating_sub(1),
        ..area
    }
}

/// One labelled line: "Địa điểm: Hội trường …".
fn field(m: &Model, label: T, value: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{}: ", m.t(label)), m.theme.key()),
        Span::raw(terminal_line(value).into_owned()),
    ])
}

fn name_of(m: &Model, id: &str) -> String {
    m.contest
        .judge(id)
        .map(|j| format!("{} ({id})", j.name))
        .unwrap_or_else(|| id.to_string())
}

fn record(m: &Model, meeting: &Meeting) -> Vec<Line<'static>> {
    let blank = m.t(T::MeetingNotRecorded).to_string();
    let or_blank = |v: &Option<String>| v.clone().unwrap_or_else(|| blank.clone());
    let date = meeting
        .date
        .as_deref()
        .map(|d| format::date(d, m.lang))
        .unwrap_or_else(|| blank.clone());
    let mut lines = vec![
        field(m, T::MeetDate, &date),
        field(m, T::MeetTime, &or_blank(&meeting.time)),
        field(m, T::MeetPlace, &or_blank(&meeting.place)),
        field(m, T::MeetNumber, &or_blank(&meeting.number)),
    ];
    for b in &meeting.basis {
        lines.push(field(m, T::MeetBasis, b));
    }
    let present: Vec<String> = meeting.present.iter().map(|id| name_of(m, id)).collect();
    lines.push(field(m, T::MeetPresent, &present.join(", ")));
    for a in &meeting.absent {
        lines.push(field(
            m,
            T::MeetAbsent,
            &format!("{} — {}", name_of(m, &a.judge), a.reason),
        ));
    }
    for g in &meeting.guests {
        lines.push(field(m, T::MeetGuest, g));
    }
    let q = quorum(&m.contest, meeting);
    let (verdict, style) = if q.met {
        (T::MeetQuorumMet, m.theme.submitted())
    } else {
        (T::MeetQuorumNotMet, m.theme.error())
    };
    let said = verdict.with(
        m.lang,
        &[
            &q.present,
            &q.members,
            &m.contest.rules.quorum.to_string(),
            &q.needed,
        ],
    );
    lines.push(Line::styled(said, style));
    lines.push(Line::raw(match meeting.votes {
        Some(v) => T::MeetVotes.with(m.lang, &[&v.in_favour, &v.against, &v.abstain]),
        None => m.t(T::MeetingNoVote).to_string(),
    }));
    let prize = |a: Option<&str>| match a {
        Some(a) => m.contest.award_name(a, m.lang),
        None => m.t(T::MeetNoPrize).to_string(),
    };
    for d in &meeting.decisions {
        lines.push(field(
            m,
            T::MeetDecision,
            &format!("{} · {} · {}", d.entry, prize(d.award.as_deref()), d.text),
        ));
    }
    // What still waits for the council comes from the ranking: shown only to
    // those who see it (the secretary, once results are published).
    if m.sees_as_chair()
        && let Some(ranking) = &m.chair.ranking
    {
        let outcomes = decision::outcomes(ranking, Some(meeting));
        for o in &outcomes {
            if let Standing::Awaiting(_) = o.standing {
                lines.push(Line::styled(
                    format!(
                        "{}: {} · {}",
                        m.t(T::MeetAwaiting),
                        o.row.entry,
                        prize(o.row.award.as_deref())
                    ),
                    m.theme.draft(),
                ));
            }
        }
        if !decision::all_final(&outcomes) {
            lines.push(Line::styled(
                m.t(T::MeetNotFinal).to_string(),
                m.theme.draft(),
            ));
        }
    }
    lines
}
