//! The council's world, pure: no terminal, no storage, no I/O.
//!
//! Everything the store persists, the server sends and the screens show is
//! built from these types; rankings and agreement are functions of them.

pub mod agreement;
pub mod assignment;
pub mod audit;
pub mod audit_match;
pub mod change;
pub mod collate;
pub mod columns;
pub mod conflict;
pub mod contest;
pub mod decision;
pub mod document;
pub mod entry;
pub mod escape;
pub mod fold;
pub mod format;
pub mod grade;
pub mod meeting;
pub mod official;
pub mod panel;
pub mod points;
pub mod ranking;
pub mod reminder;
pub mod robustness;
pub mod round;
pub mod rubric;
pub mod sheet;
pub mod ssh_key;
pub mod tally;
pub mod text;
pub mod unit;
pub mod visibility;

pub use change::{Change, ChangeError, CouncilChange};
pub use contest::{AwardTier, Contest, ContestMeta, Round, Rules, Visibility};
pub use entry::Entry;
pub use panel::{Judge, Role};
pub use points::Points;
pub use rubric::{Band, Criterion, Rubric};
pub use sheet::{Annotation, Marks, Note, Sheet, SheetKey, SheetState};
pub use text::{Bilingual, Lang};
