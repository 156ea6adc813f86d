//! English words that a Vietnamese screen, listing, message or help must
//! not show. Words a member types (commands, flags, choices such as `mean`)
//! are allowed by the caller.

/// Plain English words, lower case; none is Vietnamese once diacritics count.
pub const ENGLISH: &[&str] = &[
    "the",
    "and",
    "with",
    "from",
    "only",
    "cannot",
    "not",
    "is",
    "are",
    "was",
    "there",
    "no",
    "error",
    "database",
    "contest",
    "council",
    "entry",
    "entries",
    "sheet",
    "sheets",
    "member",
    "members",
    "round",
    "current",
    "closed",
    "later",
    "max",
    "step",
    "same",
    "unit",
    "mean",
    "median",
    "total",
    "usage",
    "options",
    "commands",
    "arguments",
    "print",
    "default",
    "possible",
    "values",
    "file",
    "folder",
    "found",
    "missing",
    "judging",
    "score",
    "scores",
    "submitted",
    "draft",
    "refused",
    "chair",
    "save",
    "saved",
    "quit",
    "search",
    "filter",
    "sort",
    "open",
    "note",
    "notes",
    "unknown",
    "invalid",
    "failed",
    "permission",
    "denied",
    "os",
    "answering",
    "fewer",
    "needs",
    "but",
    "trail",
    "change",
    "read",
    "write",
    "line",
    "column",
    "expected",
    "above",
    "maximum",
    "multiple",
    "twice",
    "used",
    "yet",
    "holds",
    "image",
    "text",
];

/// The words of `ENGLISH` found in `text`, besides those in `allowed`, in
/// flags (`--max-per-login`) and in commands quoted to be typed (`jury round`).
pub fn english_in(text: &str, allowed: &[&str]) -> Vec<&'static str> {
    // The file format's name is not English prose.
    let text = text.replace("jury/contest@1", "");
    let prose: String = text.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    let words: std::collections::BTreeSet<String> = prose
        .split_whitespace()
        .filter(|token| !token.trim_start_matches(['(', '`', '[']).starts_with('-'))
        // A quoted value is data (an id, a title, a record's field).
        .filter(|token| !token.trim_start_matches(['{', '[']).starts_with('"'))
        .flat_map(|token| token.split(|c: char| !c.is_alphanumeric()))
        .map(str::to_lowercase)
        .collect();
    ENGLISH
        .iter()
        .copied()
        .filter(|w| words.contains(*w) && !allowed.contains(w))
        .collect()
}
