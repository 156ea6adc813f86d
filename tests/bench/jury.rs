//! `cargo bench`: jury at four scales, against the targets in the README.
//!
//! JURY_BENCH_SCALES=district,dense limits the scales; everything else is fixed
//! (seeded contests), so two runs on one machine measure the same work.

#[path = "../common/synth.rs"]
mod synth;

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jury::app::{Model, Msg, update};
use jury::domain::change::Record;
use jury::domain::ranking::Method;
use jury::domain::robustness::Figures;
use jury::domain::{Change, Lang, SheetKey};
use jury::input::key::Key;
use jury::store::{Store, Update};
use ratatui::Terminal;
use ratatui::backend::{CrosstermBackend, TestBackend};
use synth::Scale;

/// One figure at one scale: a single value, or p50 and p99 of a distribution.
#[derive(Clone)]
enum Figure {
    Value(String),
    Spread { p50: Duration, p99: Duration },
    Skipped(String),
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

impl Figure {
    fn show(&self) -> String {
        match self {
            Figure::Value(v) => v.clone(),
            Figure::Spread { p50, p99 } => format!("{} / {}", ms(*p50), ms(*p99)),
            Figure::Skipped(why) => format!("({why})"),
        }
    }
}

fn spread(mut samples: Vec<Duration>) -> Figure {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    Figure::Spread {
        p50: at(0.5),
        p99: at(0.99),
    }
}

fn median(samples: Vec<Duration>) -> Duration {
    match spread(samples) {
        Figure::Spread { p50, .. } => p50,
        _ => Duration::ZERO,
    }
}

fn key(s: &str) -> Key {
    Key::parse(s).expect("key notation")
}

struct Row {
    figure: &'static str,
    target: &'static str,
    cells: Vec<Figure>,
}

fn main() {
    let wanted = std::env::var("JURY_BENCH_SCALES").unwrap_or_default();
    let scales: Vec<Scale> = synth::SCALES
        .into_iter()
        .filter(|s| wanted.is_empty() || wanted.split(',').any(|w| w == s.name))
        .collect();
    let login = jury::identity::current_login().unwrap_or_default();
    let mut rows: Vec<Row> = [
        (
            "open the database and draw the first frame (median)",
            "≤ 50 ms",
        ),
        (
            "navigation key → next frame, 200×60 (p50 / p99)",
            "p99 ≤ 2 ms",
        ),
        (
            "search keystroke over all entries (p50 / p99)",
            "p99 ≤ 5 ms",
        ),
        (
            "full ranking: 4 methods, agreement, leave-one-out (median)",
            "≤ 25 ms",
        ),
        (
            "one sheet changed: the ranking current again; all the chair's figures (p50 / p99)",
            "≤ 2 ms",
        ),
        (
            "score change written and flushed, local (p50 / p99)",
            "p50 ≤ 1 ms, p99 ≤ 5 ms",
        ),
        (
            "the same through the server, 50 clients (p50 / p99)",
            "p99 ≤ 10 ms",
        ),
        (
            "acknowledged changes per second through the server",
            "≥ 2,000 /s",
        ),
        (
            "bytes to the terminal for one j/k move, 120×40 (full repaint)",
            "≤ 600",
        ),
        ("peak memory of the app (RSS)", "≤ 150 MB"),
        ("database on disk / JSON export", "≤ 2.5 × at national"),
        (
            "`jury judge list`, whole process (median; peak RSS)",
            "≤ 15 ms",
        ),
        (
            "`jury round list`, whole process (median; peak RSS)",
            "≤ 25 ms",
        ),
        (
            "`jury rank --format csv`, whole process (median; peak RSS)",
            "≤ 50 ms, ≤ 60 MB",
        ),
        ("`jury check`, whole process (median; peak RSS)", "–"),
        (
            "a save on one terminal drawn on the member's other terminal (p50 / p99)",
            "p99 ≤ 30 ms",
        ),
        ("(setup) import the contest", "–"),
    ]
    .into_iter()
    .map(|(figure, target)| Row {
        figure,
        target,
        cells: Vec::new(),
    })
    .collect();
    for scale in &scales {
        eprintln!(
            "bench: {} ({} entries × {} members)…",
            scale.name, scale.entries, scale.judges
        );
        let cells = measure(*scale, &login);
        for (row, cell) in rows.iter_mut().zip(cells) {
            row.cells.push(cell);
        }
    }
    let machine = machine();
    println!("\njury benchmark — {machine}\n");
    let mut header = "| figure | target |".to_string();
    let mut rule = "|---|---|".to_string();
    for s in &scales {
        header.push_str(&format!(" {} |", s.name));
        rule.push_str("---|");
    }
    println!("{header}\n{rule}");
    for row in rows {
        let cells: Vec<String> = row.cells.iter().map(Figure::show).collect();
        println!(
            "| {} | {} | {} |",
            row.figure,
            row.target,
            cells.join(" | ")
        );
    }
    println!(
        "\nScales: {}. Targets apply at dense.",
        scales
            .iter()
            .map(|s| format!(
                "{} = {} entries × {} members{}",
                s.name,
                s.entries,
                s.judges,
                s.per_entry
                    .map(|k| format!(", {k} per entry"))
                    .unwrap_or_default()
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    if wanted.is_empty() || wanted.split(',').any(|w| w == "million") {
        million();
    }
}

/// `jury import` of a contest file with 1,000,000 entries and no sheet, as
/// a whole process: its wall time and peak RSS (target ≤ 1.5 GB).
fn million() {
    let scale = Scale {
        name: "million",
        entries: 1_000_000,
        judges: 25,
        per_entry: Some(0),
    };
    eprintln!("bench: import of {} entries…", scale.entries);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("million.json");
    // Short entries, as a secretariat's list is: about the issue's 127 bytes each.
    let mut contest = synth::contest(scale, 42);
    for e in &mut contest.entries {
        e.summary.clear();
        e.authors.truncate(1);
        e.submitted = None;
    }
    let text = jury::contest_file::write(&contest);
    drop(contest);
    std::fs::write(&file, &text).expect("write the contest file");
    let (bytes, db, report) = (text.len(), dir.path().join("db"), dir.path().join("rss"));
    drop(text);
    let t = Instant::now();
    let ran = Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o"])
        .arg(&report)
        .arg(env!("CARGO_BIN_EXE_jury"))
        .arg("--db")
        .arg(&db)
        .args(["--lang", "en", "import"])
        .arg(&file)
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let took = t.elapsed();
    let peak = std::fs::read_to_string(&report)
        .ok()
        .and_then(|s| s.lines().last().and_then(|l| l.trim().parse::<f64>().ok()));
    match (ran, peak) {
        (true, Some(kb)) => println!(
            "\nImport of 1,000,000 entries ({} MB file), whole process: {:.1} s, peak RSS {:.0} MB \
             (target ≤ 1,536 MB); database {} MB.",
            bytes / 1_000_000,
            took.as_secs_f64(),
            kb / 1024.0,
            dir_size(&db) / 1_000_000
        ),
        _ => println!(
            "\nImport of 1,000,000 entries: not measured (no /usr/bin/time, or the import failed)."
        ),
    }
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    format!("{cpu}, {cores} cores, {}", std::env::consts::OS)
}

fn measure(scale: Scale, login: &str) -> Vec<Figure> {
    let mut contest = synth::contest(scale, 42);
    // The person running the bench is member GK02, so the server lets them in.
    contest.judges[1].user = Some(login.to_string());
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = dir.path().join("db");
    let t = Instant::now();
    {
        let store = Store::open(&db).expect("open");
        store.replace_contest(&contest).expect("import");
    }
    let import = t.elapsed();
    settle(&db);
    // As imported, before the bench's own writes grow sled's log.
    let imported = (dir_size(&db), jury::contest_file::write(&contest).len());

    // 1. Open and draw the first frame, as `jury` does before the first key.
    let mut opens = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let store = Store::open(&db).expect("open");
        let (storage, mut m) =
            jury::run::open_local(store, Some("GK02"), Lang::Vi).expect("open the app");
        update(&mut m, Msg::Resize(200, 60));
        let mut term = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
        term.draw(|f| jury::ui::view(&m, f)).expect("draw");
        opens.push(t.elapsed());
        drop(storage);
        settle(&db);
    }
    let open = Figure::Value(ms(median(opens)));

    let store = Store::open(&db).expect("open");
    let loaded = store.load().expect("load");

    // 2. Navigation: j through the list (back to the top at the end), update and draw.
    let mut m = Model::new(loaded.clone(), Some("GK02".into()), None, Lang::Vi);
    update(&mut m, Msg::Resize(200, 60));
    let mut term = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    term.draw(|f| jury::ui::view(&m, f)).expect("draw");
    let mut nav = Vec::new();
    for i in 0..2000 {
        let k = if i % 500 == 499 { key("g") } else { key("j") };
        let t = Instant::now();
        update(&mut m, Msg::Key(k));
        term.draw(|f| jury::ui::view(&m, f)).expect("draw");
        nav.push(t.elapsed());
    }
    let nav = spread(nav);

    // 3. Search: type a query a key at a time, then clear it.
    let mut search = Vec::new();
    for _ in 0..20 {
        update(&mut m, Msg::Key(key("/")));
        for c in "cai cach tan hoa".chars() {
            let k = if c == ' ' {
                key("<space>")
            } else {
                Key::parse(&c.to_string()).expect("a letter")
            };
            let t = Instant::now();
            update(&mut m, Msg::Key(k));
            term.draw(|f| jury::ui::view(&m, f)).expect("draw");
            search.push(t.elapsed());
        }
        update(&mut m, Msg::Key(key("<esc>")));
    }
    let search = spread(search);

    // 4. Every figure the chair's screens show.
    let mut ranking = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        std::hint::black_box(Figures::compute(&loaded, "main", Method::Mean));
        ranking.push(t.elapsed());
    }
    let ranking = Figure::Value(ms(median(ranking)));

    // 4b. One sheet changes: the tally's row redone and the ranking placed
    // again; then everything the chair's app redoes when a sheet arrives.
    let method = Method::Mean;
    let mut tally = jury::domain::tally::Tally::new(&loaded, "main");
    let mut last = jury::domain::ranking::rank_from(&loaded, &tally, method);
    let chair = loaded.judges[0].id.clone();
    let mut app = Model::new(loaded.clone(), Some(chair), None, Lang::Vi);
    update(&mut app, Msg::Key(key("r")));
    let mut changed = loaded.clone();
    let keys: Vec<SheetKey> = loaded.sheets.keys().step_by(997).cloned().collect();
    let (mut reranks, mut figures) = (Vec::new(), Vec::new());
    for (n, k) in keys.iter().cycle().take(200).enumerate() {
        let mut sheet = changed.sheets[k].clone();
        sheet.marks.set(
            n % 4,
            Some(jury::domain::Points::whole(5 + (n % 15) as u32)),
        );
        sheet.version += 1;
        changed.put_sheet(sheet.clone());
        let t = Instant::now();
        let rows: Vec<usize> = tally
            .refresh_entry(&changed, &k.entry)
            .into_iter()
            .collect();
        last = jury::domain::ranking::rerank(last, &changed, &tally, method, &rows);
        reranks.push(t.elapsed());
        let t = Instant::now();
        update(&mut app, Msg::Remote(Update::Record(Record::Sheet(sheet))));
        figures.push(t.elapsed());
    }
    let (
        Figure::Spread { p50, p99 },
        Figure::Spread {
            p50: all50,
            p99: all99,
        },
    ) = (spread(reranks), spread(figures))
    else {
        unreachable!("spreads of samples")
    };
    let one_sheet = Figure::Value(format!(
        "{} / {}; {} / {}",
        ms(p50),
        ms(p99),
        ms(all50),
        ms(all99)
    ));

    // 5. A note saved and flushed, one after another.
    let def = loaded.definition();
    let judge = loaded.judge("GK02").expect("GK02").clone();
    let entries: Vec<String> = loaded
        .entries
        .iter()
        .filter(|e| loaded.may_mark("main", &e.id, "GK02"))
        // A submitted sheet takes no more notes: write where GK02 is still drafting.
        .filter(|e| {
            loaded
                .sheets
                .get(&SheetKey::new("main", &e.id, "GK02"))
                .is_none_or(|s| s.state != jury::domain::SheetState::Submitted)
        })
        .map(|e| e.id.clone())
        .take(50)
        .collect();
    let mut acks = Vec::new();
    let mut versions = vec![0u64; entries.len()];
    for i in 0..500 {
        let at = i % entries.len();
        let change = Change::SaveNote {
            key: SheetKey::new("main", &entries[at], "GK02"),
            text: format!("Nhận xét lần {i}: giải pháp thiết thực, cần số liệu."),
            base: versions[at],
            remarks: Default::default(),
            annotations: Vec::new(),
        };
        let t = Instant::now();
        let r = store.apply(&def, &judge, &change).expect("apply");
        acks.push(t.elapsed());
        versions[at] = r.version();
    }
    let local = spread(acks);
    drop(store);
    settle(&db);

    // 6–7. Fifty clients writing at once through `jury serve`.
    let (served, rate) = server(&db, &entries);

    // 8. Bytes for one j/k move, against a full repaint.
    let bytes = terminal_bytes(&loaded);

    // 9. The real app's peak memory on this database.
    let rss = app_rss(&db);

    // 10. Size on disk against the export: as imported, and after the writes above.
    let export = jury::contest_file::write(&Store::open(&db).and_then(|s| s.load()).expect("load"));
    settle(&db);
    let ratio = |disk: u64, export: usize| disk as f64 / export as f64;
    let size = Figure::Value(format!(
        "{:.2} × ({} MB / {} MB); {:.2} × after the bench's writes",
        ratio(imported.0, imported.1),
        imported.0 / 1_000_000,
        imported.1 / 1_000_000,
        ratio(dir_size(&db), export.len()),
    ));

    // 11. Commands as a member types them: whole processes, nothing warm but the page cache.
    let commands = [
        &["judge", "list"][..],
        &["round", "list"][..],
        &["rank", "--format", "csv"][..],
        &["check"][..],
    ]
    .map(|args| command(&db, args));

    let [judge_list, round_list, rank_csv, check] = commands;

    // 12. A push through the server to a redrawn frame.
    let pushed = push_to_frame(&db, &entries[0]);
    vec![
        open,
        nav,
        search,
        ranking,
        one_sheet,
        local,
        served,
        rate,
        bytes,
        rss,
        size,
        judge_list,
        round_list,
        rank_csv,
        check,
        pushed,
        Figure::Value(ms(import)),
    ]
}

/// `jury --db DB ARGS…`: the median wall time of seven runs, and the peak
/// RSS of one more under GNU time. (A child of the bench itself would
/// report the bench's own peak: the kernel carries it across exec.)
fn command(db: &Path, args: &[&str]) -> Figure {
    let bin = env!("CARGO_BIN_EXE_jury");
    let jury = |cmd: &mut Command| {
        cmd.arg("--db")
            .arg(db)
            .args(["--lang", "vi"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let mut times = Vec::new();
    for _ in 0..7 {
        settle(db);
        let t = Instant::now();
        if !jury(&mut Command::new(bin)) {
            return Figure::Skipped(format!("jury {} failed", args.join(" ")));
        }
        times.push(t.elapsed());
    }
    settle(db);
    let report = db.with_extension("rss");
    let mut time = Command::new("/usr/bin/time");
    time.args(["-f", "%M", "-o"]).arg(&report).arg(bin);
    let peak = match jury(&mut time) {
        true => std::fs::read_to_string(&report)
            .ok()
            .and_then(|s| s.trim().parse::<f64>().ok())
            .map(|kb| format!("{:.0} MB", kb / 1024.0))
            .unwrap_or_else(|| "?".into()),
        false => "(no /usr/bin/time)".into(),
    };
    Figure::Value(format!("{}; {peak}", ms(median(times))))
}

/// Waits until no process holds the database (sled's threads may linger a moment).
fn settle(db: &Path) {
    use std::os::fd::AsRawFd;
    for _ in 0..500 {
        if let Ok(f) = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(db.join("db"))
        {
            // SAFETY: a non-blocking flock on a descriptor we own, released on close.
            if unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// `jury serve` on `db`, and its socket once it answers.
fn serve(db: &Path) -> Option<(std::process::Child, std::path::PathBuf)> {
    let socket = db.parent().expect("a parent folder").join("jury.sock");
    let mut child = Command::new(env!("CARGO_BIN_EXE_jury"))
        .arg("--db")
        .arg(db)
        .arg("serve")
        .arg("--socket")
        .arg(&socket)
        // The fifty clients share one login: lift the cap per login for them.
        .args(["--max-per-login", "64"])
        .stderr(Stdio::null())
        .spawn()
        .expect("jury serve");
    let start = Instant::now();
    while UnixStream::connect(&socket).is_err() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Some((child, socket))
}

/// Stops a server the bench started, as a system would.
fn stop(mut child: std::process::Child) {
    // SAFETY: asking our own child to stop.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let _ = child.wait();
}

fn server(db: &Path, entries: &[String]) -> (Figure, Figure) {
    let Some((child, socket)) = serve(db) else {
        return (
            Figure::Skipped("the server did not start".into()),
            Figure::Skipped(String::new()),
        );
    };
    const CLIENTS: usize = 50;
    const EACH: usize = 80;
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let began = Instant::now();
    let threads: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (socket, latencies) = (socket.clone(), Arc::clone(&latencies));
            // Each client writes notes on its own entry, so no write is stale.
            let entry = entries[c % entries.len()].clone();
            std::thread::spawn(move || {
                let stream = UnixStream::connect(&socket).expect("connect");
                let mut out = stream.try_clone().expect("clone");
                let mut lines = BufReader::new(stream).lines();
                let mut ask = |line: String| -> serde_json::Value {
                    out.write_all(line.as_bytes()).expect("write");
                    loop {
                        let line = lines.next().expect("a reply").expect("read");
                        // Other terminals' changes pushed to this one: not what is timed.
                        if line.starts_with("{\"type\":\"push\"") {
                            continue;
                        }
                        return serde_json::from_str(&line).expect("json");
                    }
                };
                ask("{\"id\":1,\"op\":\"hello\",\"version\":1}\n".into());
                let got = ask(format!("{{\"id\":2,\"op\":\"get\",\"key\":{{\"round\":\"main\",\"entry\":\"{entry}\",\"judge\":\"GK02\"}}}}\n"));
                let mut base = got["ok"]["note"]["version"].as_u64().unwrap_or(0);
                let mut mine = Vec::with_capacity(EACH);
                for i in 0..EACH {
                    let line = format!(
                        "{{\"id\":{},\"op\":\"apply\",\"change\":{{\"op\":\"save_note\",\"key\":{{\"round\":\"main\",\"entry\":\"{entry}\",\"judge\":\"GK02\"}},\"text\":\"ghi chú {c}-{i}\",\"base\":{base}}}}}\n",
                        i + 3
                    );
                    let t = Instant::now();
                    let r = ask(line);
                    mine.push(t.elapsed());
                    base = r["ok"]["record"]["version"].as_u64().unwrap_or(base + 1);
                }
                if let Ok(mut all) = latencies.lock() {
                    all.extend(mine);
                }
            })
        })
        .collect();
    // Several clients share an entry when there are fewer than fifty: their
    // writes go stale and are answered as such, which still counts as an answer.
    for t in threads {
        let _ = t.join();
    }
    let elapsed = began.elapsed();
    stop(child);
    let all = latencies.lock().map(|v| v.clone()).unwrap_or_default();
    let rate = all.len() as f64 / elapsed.as_secs_f64();
    (spread(all), Figure::Value(format!("{rate:.0} /s")))
}

/// Counts what the backend would write to the terminal.
#[derive(Clone, Default)]
struct Counter(Arc<std::sync::atomic::AtomicUsize>);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .fetch_add(buf.len(), std::sync::atomic::Ordering::Relaxed);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Counter {
    fn take(&self) -> usize {
        self.0.swap(0, std::sync::atomic::Ordering::Relaxed)
    }
}

fn terminal_bytes(contest: &jury::domain::Contest) -> Figure {
    let mut m = Model::new(contest.clone(), Some("GK02".into()), None, Lang::Vi);
    update(&mut m, Msg::Resize(120, 40));
    let counter = Counter::default();
    let backend = CrosstermBackend::new(counter.clone());
    let Ok(mut term) = Terminal::with_options(
        backend,
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 120, 40)),
        },
    ) else {
        return Figure::Skipped("no terminal".into());
    };
    term.draw(|f| jury::ui::view(&m, f)).expect("draw");
    let full = counter.take();
    let mut moves = Vec::new();
    for k in ["j", "j", "k", "j"] {
        update(&mut m, Msg::Key(key(k)));
        term.draw(|f| jury::ui::view(&m, f)).expect("draw");
        moves.push(counter.take());
    }
    // The synchronized-update brackets jury adds around each frame.
    let sync = "\x1b[?2026h\x1b[?2026l".len();
    let worst = moves.into_iter().max().unwrap_or(0) + sync;
    Figure::Value(format!(
        "{worst} ({full} full, {:.1}%)",
        worst as f64 * 100.0 / full.max(1) as f64
    ))
}

/// The app's peak resident memory: the real binary in a pseudo-terminal,
/// read once the first frame is drawn and the list has been walked.
fn app_rss(db: &Path) -> Figure {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let Ok(pair) = native_pty_system().openpty(PtySize {
        rows: 60,
        cols: 200,
        pixel_width: 0,
        pixel_height: 0,
    }) else {
        return Figure::Skipped("no pseudo-terminal".into());
    };
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_jury"));
    cmd.arg("--db");
    cmd.arg(db);
    cmd.args(["--judge", "GK01", "--lang", "vi"]);
    cmd.env("TERM", "xterm-256color");
    let Ok(mut child) = pair.slave.spawn_command(cmd) else {
        return Figure::Skipped("jury did not start".into());
    };
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let seen = Arc::new(Mutex::new(Vec::<u8>::new()));
    let sink = Arc::clone(&seen);
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut s) = sink.lock() {
                s.extend_from_slice(&buf[..n]);
            }
        }
    });
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60)
        && seen.lock().map(|s| s.len() < 4000).unwrap_or(true)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut writer = pair.master.take_writer().expect("writer");
    // The chair opens the rankings: the most the app holds at once.
    let _ = writer.write_all(b"jjjjjr");
    std::thread::sleep(Duration::from_millis(1500));
    let pid = child.process_id().unwrap_or(0);
    let hwm = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM")).map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse::<u64>()
                    .unwrap_or(0)
            })
        });
    let _ = child.kill();
    let _ = child.wait();
    match hwm {
        Some(kb) => Figure::Value(format!("{:.0} MB", kb as f64 / 1024.0)),
        None => Figure::Skipped("no /proc".into()),
    }
}

fn dir_size(path: &Path) -> u64 {
    let mut total = 0;
    if let Ok(entries) = std::fs::read_dir(path) {
        for e in entries.flatten() {
            let Ok(meta) = e.metadata() else { continue };
            total += if meta.is_dir() {
                dir_size(&e.path())
            } else {
                meta.len()
            };
        }
    }
    total
}

/// The member's app in a pseudo-terminal through `jury serve`; another
/// connection of the same member saves a note, and the time runs from the
/// save being sent to the app's next bytes on the terminal (it writes
/// nothing while nothing changes).
fn push_to_frame(db: &Path, entry: &str) -> Figure {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let Some((server, socket)) = serve(db) else {
        return Figure::Skipped("the server did not start".into());
    };
    let Ok(pair) = native_pty_system().openpty(PtySize {
        rows: 40,
        cols: 120,
        pixel_width: 0,
        pixel_height: 0,
    }) else {
        stop(server);
        return Figure::Skipped("no pseudo-terminal".into());
    };
    let state = tempfile::tempdir().expect("a state folder");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_jury"));
    cmd.arg("--socket");
    cmd.arg(&socket);
    cmd.args(["--lang", "vi"]);
    cmd.env("TERM", "xterm-256color");
    cmd.env("XDG_STATE_HOME", state.path());
    let Ok(mut app) = pair.slave.spawn_command(cmd) else {
        stop(server);
        return Figure::Skipped("jury did not start".into());
    };
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let seen = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = Arc::clone(&seen);
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            // The idle tick draws an unchanged frame: only its synchronized-update
            // brackets. What counts is a frame with something new in it.
            let chunk = &buf[..n];
            let brackets = [b"\x1b[?2026h", b"\x1b[?2026l"]
                .iter()
                .map(|b| chunk.windows(b.len()).filter(|w| w == b).count() * b.len())
                .sum::<usize>();
            count.fetch_add(n - brackets, std::sync::atomic::Ordering::SeqCst);
        }
    });
    let bytes = || seen.load(std::sync::atomic::Ordering::SeqCst);
    // Drawn and then quiet for half a second: the app is waiting.
    let start = Instant::now();
    let mut last = (0, Instant::now());
    while start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
        if bytes() != last.0 {
            last = (bytes(), Instant::now());
        } else if last.0 > 0 && last.1.elapsed() > Duration::from_millis(500) {
            break;
        }
    }
    let stream = UnixStream::connect(&socket).expect("connect");
    let mut out = stream.try_clone().expect("clone");
    let mut lines = BufReader::new(stream).lines();
    let mut ask = |line: String| -> serde_json::Value {
        out.write_all(line.as_bytes()).expect("write");
        loop {
            let line = lines.next().expect("a reply").expect("read");
            if !line.starts_with("{\"type\":\"push\"") {
                return serde_json::from_str(&line).expect("json");
            }
        }
    };
    ask("{\"id\":1,\"op\":\"hello\",\"version\":1}\n".into());
    let key = format!("{{\"round\":\"main\",\"entry\":\"{entry}\",\"judge\":\"GK02\"}}");
    let got = ask(format!("{{\"id\":2,\"op\":\"get\",\"key\":{key}}}\n"));
    let mut base = got["ok"]["note"]["version"].as_u64().unwrap_or(0);
    let mut shown = Vec::new();
    for i in 0..100u64 {
        // Saves at odd moments, so none falls in step with a timer of the app.
        std::thread::sleep(Duration::from_millis(60 + (i * 37) % 90));
        let before = bytes();
        let t = Instant::now();
        let r = ask(format!(
            "{{\"id\":{},\"op\":\"apply\",\"change\":{{\"op\":\"save_note\",\"key\":{key},\"text\":\"nhận xét {i}\",\"base\":{base}}}}}\n",
            i + 3
        ));
        base = r["ok"]["record"]["version"].as_u64().unwrap_or(base + 1);
        while bytes() == before && t.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_micros(200));
        }
        shown.push(t.elapsed());
    }
    let _ = app.kill();
    let _ = app.wait();
    stop(server);
    spread(shown)
}
