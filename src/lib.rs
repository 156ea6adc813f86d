//! jury: a keyboard-first terminal app for a judging council.

pub mod app;
pub mod cli;
pub mod contest_file;
pub mod domain;
pub mod file_out;
pub mod i18n;
pub mod identity;
pub mod input;
pub mod journal_file;
pub mod protocol;
pub mod report;
pub mod run;
pub mod secretariat;
pub mod server;
pub mod store;
pub mod term;
pub mod term_colors;
pub mod ui;
