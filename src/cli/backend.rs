//! Where the contest is: a `jury serve` this member's client has checked, or
//! a database this process opens. Once a server is named or found, every
//! command goes through it or says what to do instead; a personal database
//! is made only when asked for.

use std::path::{Path, PathBuf};

use crate::domain::{Contest, Judge, Lang};
use crate::i18n::T;
use crate::server::place;
use crate::store::{Remote, Store};

/// What the command line asked for.
pub struct Target {
    db: Option<PathBuf>,
    /// The server named (`--socket`, `$JURY_SOCKET`) or found at a well-known place.
    socket: Option<PathBuf>,
    /// `--server-user`, else `$JURY_SERVER_USER`: whom the server must run as.
    server_user: Option<String>,
    /// The language of the messages.
    lang: Lang,
}

/// What to do when the default database is not there yet.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// Make it and load the demo, and say so (the first plain `jury`).
    Seed,
    /// Make it empty (`jury import` fills it and names it).
    Create,
    /// Refuse: nothing to read, and no database is made behind the member's back.
    Refuse,
}

pub enum Opened {
    Local(Store),
    Remote(Remote, Box<Contest>),
}

impl Opened {
    /// The whole contest as this member may see it.
    pub fn load(self, lang: Lang) -> Result<Contest, String> {
        match self {
            Opened::Local(store) => store.load().map_err(|e| crate::i18n::store_error(&e, lang)),
            Opened::Remote(_, contest) => Ok(*contest),
        }
    }

    /// The contest without sheets or notes, for commands that show only
    /// the definition: locally this skips reading every sheet.
    pub fn definition(self, lang: Lang) -> Result<Contest, String> {
        match self {
            Opened::Local(store) => store
                .load_definition()
                .map_err(|e| crate::i18n::store_error(&e, lang)),
            Opened::Remote(_, contest) => Ok(*contest),
        }
    }

    /// The council alone: locally one small tree is read, nothing else.
    pub fn judges(self, lang: Lang) -> Result<Vec<Judge>, String> {
        match self {
            Opened::Local(store) => store
                .load_judges()
                .map_err(|e| crate::i18n::store_error(&e, lang)),
            Opened::Remote(_, contest) => Ok(contest.judges),
        }
    }
}

fn env_value(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|s| !s.is_empty())
}

impl Target {
    /// `--socket`, else `$JURY_SOCKET`; with neither and no `--db`, the
    /// first well-known socket that is there (`/run/jury/jury.sock`, then
    /// `$XDG_RUNTIME_DIR/jury.sock`).
    pub fn from_cli(
        db: Option<&Path>,
        socket: Option<&Path>,
        server_user: Option<&str>,
        lang: Lang,
    ) -> Target {
        let named = socket
            .map(Path::to_path_buf)
            .or_else(|| env_value("JURY_SOCKET").map(PathBuf::from));
        let socket = match (named, db) {
            (Some(s), _) => Some(s),
            (None, None) => place::found(),
            (None, Some(_)) => None,
        };
        Target {
            db: db.map(Path::to_path_buf),
            socket,
            server_user: server_user
                .map(str::to_string)
                .or_else(|| env_value("JURY_SERVER_USER")),
            lang,
        }
    }

    /// The server this command must go through, unless it was given a database.
    pub fn server(&self) -> Option<&Path> {
        match self.db {
            Some(_) => None,
            None => self.socket.as_deref(),
        }
    }

    /// The server if one is named or found (checked before a byte is sent),
    /// else the database.
    pub fn open(&self, missing: Missing) -> Result<Opened, String> {
        if let Some(socket) = &self.socket {
            let pinned = match &self.server_user {
                Some(name) => Some(place::server_user(name).map_err(|d| d.describe(self.lang))?),
                None => None,
            };
            let (remote, contest) = Remote::connect(socket, pinned, self.lang)?;
            return Ok(Opened::Remote(remote, Box::new(contest)));
        }
        Ok(Opened::Local(self.local_store(missing)?))
    }

    /// `jury connect --key ID`: a server only, speaking for the member the
    /// SSH key was given to; never a database.
    pub fn open_key(&self, key: &str) -> Result<(Remote, Contest), String> {
        let Some(socket) = &self.socket else {
            let looked: Vec<String> = place::well_known()
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            return Err(T::CliConnectNoServer.with(self.lang, &[&looked.join(", ")]));
        };
        let pinned = match &self.server_user {
            Some(name) => Some(place::server_user(name).map_err(|d| d.describe(self.lang))?),
            None => None,
        };
        Remote::connect_as(socket, pinned, self.lang, Some(key))
    }

    /// A command that only runs on a database (`import`, `check`) refuses
    /// while a server holds it, and says the command to run instead.
    pub fn refuse_server(&self, command: &str) -> Result<(), String> {
        match self.server() {
            Some(socket) => {
                Err(T::CliServerHoldsDb.with(self.lang, &[&socket.display(), &command, &command]))
            }
            None => Ok(()),
        }
    }

    pub fn db_path(&self) -> Result<PathBuf, String> {
        match &self.db {
            Some(p) => Ok(p.clone()),
            None => default_db(self.lang),
        }
    }

    pub fn local_store(&self, missing: Missing) -> Result<Store, String> {
        let path = self.db_path()?;
        let fresh = self.db.is_none() && !path.exists();
        if fresh && missing == Missing::Refuse {
            let looked: Vec<String> = place::well_known()
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            return Err(T::CliNoServerNoDb.with(self.lang, &[&looked.join(", "), &path.display()]));
        }
        let store = Store::open(&path).map_err(|e| crate::i18n::store_error(&e, self.lang))?;
        super::output::say_tightened(&store, self.lang);
        if self.db.is_none()
            && missing == Missing::Seed
            && !store
                .has_contest()
                .map_err(|e| crate::i18n::store_error(&e, self.lang))?
        {
            let demo =
                crate::contest_file::read_bytes("data/demo-contest.json", super::DEMO.as_bytes())
                    .map_err(|e| T::CliDemoDamaged.with(self.lang, &[&e]))?;
            store
                .replace_contest(&demo)
                .map_err(|e| crate::i18n::store_error(&e, self.lang))?;
            let looked: Vec<String> = place::well_known()
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            eprintln!(
                "jury: {}",
                T::CliMadeOwnDb.with(self.lang, &[&looked.join(", "), &path.display()])
            );
        }
        Ok(store)
    }
}

fn default_db(lang: Lang) -> Result<PathBuf, String> {
    dirs::data_dir()
        .map(|d| d.join("jury").join("db"))
        .ok_or_else(|| T::CliNoDataFolder.get(lang).to_string())
}
