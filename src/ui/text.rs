//! Text fitting for the screens lives in the domain, where the app can count
//! the same lines the view draws.

pub use crate::domain::columns::*;
