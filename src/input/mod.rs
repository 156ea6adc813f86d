//! Keys, the keymap of named commands, and the text editor.

pub mod editor;
pub mod key;
pub mod keymap;
