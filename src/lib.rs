//! jury: a keyboard-first terminal app for a judging council.

pub mod domain;
