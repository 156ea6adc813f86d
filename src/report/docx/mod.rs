//! The council's documents as Word files in the layout of Nghị định
//! 30/2020/NĐ-CP: the biên bản of the meeting, the tờ trình đề nghị khen
//! thưởng, and each member's phiếu chấm điểm. They are administrative
//! documents of a Vietnamese body, so their wording is Vietnamese whatever
//! the interface speaks.

mod bien_ban;
mod layout;
mod phieu;
mod to_trinh;

use crate::domain::format;
use crate::domain::meeting::Meeting;
use crate::domain::ranking::{Method, Ranking};
use crate::domain::{Contest, Judge, Lang};

pub use layout::{A4_HEIGHT, A4_WIDTH, FONT, QUOC_HIEU, SIGN_HINT, TIEU_NGU};

/// Which document to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Paper {
    /// Biên bản họp hội đồng (the minutes)
    BienBan,
    /// Tờ trình đề nghị khen thưởng (the proposal for awards)
    ToTrinh,
    /// Phiếu chấm điểm (each member's score sheet, one page per entry)
    Phieu,
}

/// What a document is made from: the contest, the round and method it
/// covers, and the audit trail's head read just before.
pub struct Sources<'a> {
    pub contest: &'a Contest,
    pub round: &'a str,
    pub method: Method,
    pub ranking: &'a Ranking,
    /// `seq:hash`, or where to read it when the server did not send it.
    pub audit_head: &'a str,
    /// Only this member's score sheets (phiếu).
    pub member: Option<&'a str>,
}

impl Sources<'_> {
    fn meeting(&self) -> Option<&Meeting> {
        self.contest.meeting.as_ref()
    }

    fn council(&self) -> String {
        self.contest
            .meta
            .council
            .clone()
            .unwrap_or_else(|| "Hội đồng chấm".to_string())
    }

    /// "Phú Khang, ngày 20 tháng 9 năm 2024", dated from the meeting; blanks
    /// to fill by hand where the contest has no place or meeting date.
    fn place_and_date(&self) -> String {
        let place = self
            .contest
            .meta
            .locality
            .clone()
            .unwrap_or_else(|| "……….".to_string());
        let date = self
            .meeting()
            .and_then(|m| m.date.as_deref())
            .and_then(format::date_in_words)
            .unwrap_or_else(|| "ngày …… tháng …… năm ……".to_string());
        format!("{place}, {date}")
    }

    fn round_name(&self) -> String {
        self.contest
            .round(self.round)
            .map(|r| r.name.get(Lang::Vi).to_string())
            .unwrap_or_else(|| self.round.to_string())
    }

    /// "Vòng chấm: …; cách tính điểm: …", which every document names.
    fn round_and_method(&self) -> String {
        format!(
            "Vòng chấm: {}. Cách tính điểm: {} (trên tổng điểm các phiếu chấm).",
            self.round_name(),
            crate::i18n::method(self.method, Lang::Vi)
        )
    }

    fn header(&self, number: Option<&str>) -> docx_rs::Table {
        layout::header(
            &self.contest.meta.organizer,
            &self.council(),
            number,
            &self.place_and_date(),
        )
    }

    fn chair(&self) -> Option<&Judge> {
        self.contest.judges.iter().find(|j| j.is_chair())
    }

    fn secretary(&self) -> Option<&Judge> {
        self.contest.judges.iter().find(|j| j.is_secretary())
    }
}

/// The name of a member for a signature, or a line to write it on.
fn name_or_blank(j: Option<&Judge>) -> &str {
    j.map(|j| j.name.as_str()).unwrap_or("……………………")
}

/// Authors as they are recorded, one line, each with their share when given.
fn authors(e: &crate::domain::Entry) -> String {
    let names: Vec<String> = e
        .authors
        .iter()
        .map(|a| match a.share {
            Some(share) => format!(
                "{} ({}%)",
                a.name,
                crate::domain::format::points(share, crate::domain::Lang::Vi)
            ),
            None => a.name.clone(),
        })
        .collect();
    names.join(", ")
}

/// The document's bytes.
pub fn write(paper: Paper, s: &Sources) -> Result<Vec<u8>, String> {
    let doc = match paper {
        Paper::BienBan => bien_ban::build(s),
        Paper::ToTrinh => to_trinh::build(s),
        Paper::Phieu => phieu::build(s),
    };
    layout::pack(doc)
}

/// The score sheets `member` (or everyone) submitted in the round: drafts
/// are their author's alone and are never printed.
pub fn sheets_to_print(s: &Sources) -> usize {
    phieu::pages(s).len()
}
