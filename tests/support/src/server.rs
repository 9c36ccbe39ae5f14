//! Where the test servers are, names for scratch databases, and the parts of a URL.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU32, Ordering};

/// A database server the tests use (SQLite needs none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Server {
    /// PostgreSQL, at `MIGRATE_TEST_POSTGRES_URL`.
    Postgres,
    /// MariaDB or MySQL, at `MIGRATE_TEST_MYSQL_URL`.
    Mysql,
}

impl Server {
    /// The environment variable that names the server.
    pub fn var(self) -> &'static str {
        match self {
            Server::Postgres => "MIGRATE_TEST_POSTGRES_URL",
            Server::Mysql => "MIGRATE_TEST_MYSQL_URL",
        }
    }

    /// The URL when the variable is not set.
    pub fn default_url(self) -> &'static str {
        match self {
            Server::Postgres => "postgres://postgres@127.0.0.1:5432/test",
            Server::Mysql => "mysql://root@127.0.0.1:3306/test",
        }
    }

    /// The server's URL: the variable, else the default.
    pub fn url(self) -> String {
        std::env::var(self.var()).unwrap_or_else(|_| self.default_url().to_owned())
    }

    /// The statement that drops a scratch database, even while a (killed) test's session holds it.
    pub fn drop_database(self, name: &str) -> String {
        match self {
            Server::Postgres => format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            Server::Mysql => format!("DROP DATABASE IF EXISTS {name}"),
        }
    }
}

/// A database name no other test (in this or another process) uses: `{prefix}_` and 12 hex digits.
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.write_u32(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos(),
    );
    format!("{prefix}_{:012x}", hasher.finish() & 0xffff_ffff_ffff)
}

/// The parts of a `scheme://user:password@host:port/db?query` URL.
#[derive(Clone, Debug)]
pub struct UrlParts {
    pub scheme: String,
    pub user: String,
    pub password: Option<String>,
    pub host: String,
    pub port: Option<String>,
    pub database: String,
    /// `?...` with its `?`, or empty.
    pub query: String,
}

impl UrlParts {
    pub fn parse(url: &str) -> UrlParts {
        let (url, query) = match url.find('?') {
            Some(q) => (&url[..q], &url[q..]),
            None => (url, ""),
        };
        let (scheme, rest) = url.split_once("://").expect("a URL with a scheme");
        let (authority, database) = rest.split_once('/').unwrap_or((rest, ""));
        let (userinfo, hostport) = authority.rsplit_once('@').unwrap_or(("", authority));
        let (user, password) = match userinfo.split_once(':') {
            Some((u, p)) => (u.to_owned(), Some(p.to_owned())),
            None => (userinfo.to_owned(), None),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (h.to_owned(), Some(p.to_owned())),
            None => (hostport.to_owned(), None),
        };
        UrlParts {
            scheme: scheme.to_owned(),
            user,
            password,
            host,
            port,
            database: database.to_owned(),
            query: query.to_owned(),
        }
    }

    /// The URL with its database replaced by `database` (the query kept).
    pub fn with_database(&self, database: &str) -> String {
        let password = self
            .password
            .as_ref()
            .map(|p| format!(":{p}"))
            .unwrap_or_default();
        let userinfo = if self.user.is_empty() {
            String::new()
        } else {
            format!("{}{password}@", self.user)
        };
        let port = self
            .port
            .as_ref()
            .map(|p| format!(":{p}"))
            .unwrap_or_default();
        format!(
            "{}://{userinfo}{}{port}/{database}{}",
            self.scheme, self.host, self.query
        )
    }
}

/// Sorted byte-wise (database collations differ on `_`).
pub fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

/// The non-empty lines of a text.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::to_owned)
        .filter(|l| !l.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let parts = UrlParts::parse("postgres://u:p%40w@h:5433/db?sslmode=disable");
        assert_eq!(parts.password.as_deref(), Some("p%40w"));
        assert_eq!(parts.database, "db");
        assert_eq!(
            parts.with_database("x"),
            "postgres://u:p%40w@h:5433/x?sslmode=disable"
        );
        assert_eq!(
            UrlParts::parse("mysql://root@127.0.0.1/test").with_database("y"),
            "mysql://root@127.0.0.1/y"
        );
        assert_ne!(unique_name("t"), unique_name("t"));
    }
}
