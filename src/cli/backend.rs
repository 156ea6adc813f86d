//! Where the contest is: a database this process opens, or a `jury serve`.

use std::path::{Path, PathBuf};

use crate::domain::{Contest, Lang};
use crate::i18n::T;
use crate::store::{Remote, Store};

/// What the command line asked for.
pub struct Target {
    db: Option<PathBuf>,
    socket: Option<PathBuf>,
    /// The socket came from the user, not from looking at the default path.
    explicit: bool,
    /// The language of the messages.
    lang: Lang,
}

pub enum Opened {
    Local(Store),
    Remote(Remote, Box<Contest>),
}

impl Opened {
    /// The whole contest as this member may see it.
    pub fn load(self) -> Result<Contest, String> {
        match self {
            Opened::Local(store) => store.load().map_err(|e| e.to_string()),
            Opened::Remote(_, contest) => Ok(*contest),
        }
    }
}

impl Target {
    /// `--socket`, else `$JURY_SOCKET`; with neither and no `--db`, the
    /// default socket if a server is listening there.
    pub fn from_cli(db: Option<&Path>, socket: Option<&Path>, lang: Lang) -> Target {
        let env = std::env::var_os("JURY_SOCKET")
            .filter(|s| !s.is_empty())
            .map(PathBuf::from);
        let explicit = socket.map(Path::to_path_buf).or(env);
        let socket = match (&explicit, db) {
            (Some(s), _) => Some(s.clone()),
            (None, None) => Some(crate::server::default_socket()).filter(|p| p.exists()),
            (None, Some(_)) => None,
        };
        Target {
            db: db.map(Path::to_path_buf),
            explicit: explicit.is_some(),
            socket,
            lang,
        }
    }

    /// The server if there is one, else the database (seeded with the demo
    /// on first use of the default database when `seed` is set).
    pub fn open(&self, seed: bool) -> Result<Opened, String> {
        if let Some(socket) = &self.socket {
            match Remote::connect(socket) {
                Ok((remote, contest)) => return Ok(Opened::Remote(remote, Box::new(contest))),
                Err(e) if self.explicit => return Err(e),
                // A socket left behind by a server that is gone: use the database.
                Err(_) => {}
            }
        }
        Ok(Opened::Local(self.local_store(seed)?))
    }

    pub fn db_path(&self) -> Result<PathBuf, String> {
        match &self.db {
            Some(p) => Ok(p.clone()),
            None => default_db(self.lang),
        }
    }

    pub fn local_store(&self, seed: bool) -> Result<Store, String> {
        let path = self.db_path()?;
        let store = Store::open(&path).map_err(|e| e.to_string())?;
        super::output::say_tightened(&store, self.lang);
        if self.db.is_none() && seed && !store.has_contest().map_err(|e| e.to_string())? {
            let demo =
                crate::contest_file::read_bytes("data/demo-contest.json", super::DEMO.as_bytes())
                    .map_err(|e| T::CliDemoDamaged.with(self.lang, &[&e]))?;
            store.replace_contest(&demo).map_err(|e| e.to_string())?;
        }
        Ok(store)
    }
}

fn default_db(lang: Lang) -> Result<PathBuf, String> {
    dirs::data_dir()
        .map(|d| d.join("jury").join("db"))
        .ok_or_else(|| T::CliNoDataFolder.get(lang).to_string())
}
