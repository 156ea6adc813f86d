//! The `jury/contest@1` reader on arbitrary bytes: it must refuse or accept,
//! never panic, and what it accepts must survive a write and a read unchanged.

#![no_main]

use jury::contest_file;
use jury::domain::{Contest, SheetKey};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(loaded) = contest_file::load_bytes("fuzz.json", data) else {
        return;
    };
    let contest = loaded.contest;

    // The whole contest: `write` keeps no versions, so every version reads back as 1.
    let text = contest_file::write(&contest);
    let again = contest_file::read_bytes("written.json", text.as_bytes())
        .unwrap_or_else(|e| panic!("jury refuses a file it wrote: {e}\n{text}"));
    assert_eq!(
        again,
        without_versions(&contest),
        "write then read changed the contest"
    );
    assert_eq!(contest_file::write(&again), text, "writing is not stable");

    // A packet keeps its versions and says whose it is.
    if let Some(packet) = loaded.packet {
        let versions = |k: &SheetKey| {
            Some((
                contest.sheet(k).map_or(1, |s| s.version),
                contest.note(k).map_or(1, |n| n.version),
            ))
        };
        let text = contest_file::write_packet(&contest, packet.clone(), &versions);
        let back = contest_file::load_bytes("packet.json", text.as_bytes())
            .unwrap_or_else(|e| panic!("jury refuses a packet it wrote: {e}\n{text}"));
        assert_eq!(back.packet.as_ref(), Some(&packet));
        assert_eq!(
            back.contest, contest,
            "a packet's write then read changed it"
        );
    }
});

fn without_versions(contest: &Contest) -> Contest {
    let mut c = contest.clone();
    c.sheets.values_mut().for_each(|s| s.version = 1);
    c.notes.values_mut().for_each(|n| n.version = 1);
    c
}
