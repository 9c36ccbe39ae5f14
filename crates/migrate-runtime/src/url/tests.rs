use super::*;

#[test]
fn redacts_the_userinfo_password() {
    assert_eq!(redact_url("mysql://root:pw@h/db"), "mysql://root:***@h/db");
    assert_eq!(redact_url("mysql://root@h/db"), "mysql://root@h/db");
    assert_eq!(
        redact_url("postgres://u:p%40ss@h/db?x=1"),
        "postgres://u:***@h/db?x=1"
    );
    assert_eq!(redact_url("sqlite::memory:"), "sqlite::memory:");
    assert_eq!(redact_url("app.db"), "app.db");
    // Unencoded `/`, `@` and `?` in the password.
    assert_eq!(
        redact_url("postgres://u:secret/pw@h:5432/db"),
        "postgres://u:***@h:5432/db"
    );
    assert_eq!(
        redact_url("mysql://u:sec@ret@h:3306/db"),
        "mysql://u:***@h:3306/db"
    );
    assert_eq!(
        redact_url("postgres://u:pa?ss@h/db"),
        "postgres://u:***@h/db"
    );
    // An `@` in the path or the query is not a password's end; a port is not a password.
    assert_eq!(
        redact_url("postgres://u@h:5432/my@db"),
        "postgres://u@h:5432/my@db"
    );
    assert_eq!(
        redact_url("postgres://u@h/db?application_name=a@b"),
        "postgres://u@h/db?application_name=a@b"
    );
}

#[test]
fn redacts_password_parameters() {
    assert_eq!(
        redact_url("postgres://u@h/db?password=secretpw"),
        "postgres://u@h/db?password=***"
    );
    assert_eq!(
        redact_url("postgres://u@h/db?sslmode=disable&PassWord=x%26y&pass=a&passwd=b&pwd=c#f"),
        "postgres://u@h/db?sslmode=disable&PassWord=***&pass=***&passwd=***&pwd=***#f"
    );
    assert_eq!(
        redact_url("postgres://u:one@h/db?password=two"),
        "postgres://u:***@h/db?password=***"
    );
    assert_eq!(
        redact_url("postgres:///db?host=/run&sslpassword=k"),
        "postgres:///db?host=/run&sslpassword=***"
    );
    assert_eq!(
        redact_url("postgres://u@h/db?password="),
        "postgres://u@h/db?password="
    );
}

#[test]
fn sanitizes_messages() {
    assert_eq!(
        sanitize("could not parse postgres://a:hunter2@x/y and mysql://b:zz@q"),
        "could not parse postgres://a:***@x/y and mysql://b:***@q"
    );
    assert_eq!(
        sanitize("bad \"postgres://a@x/y?password=hunter2\" here"),
        "bad \"postgres://a@x/y?password=***\" here"
    );
    assert_eq!(
        sanitize("cannot connect to postgres://u@h/db?password=pw: refused."),
        "cannot connect to postgres://u@h/db?password=***: refused."
    );
    assert_eq!(sanitize("no url: a://"), "no url: a://");
    assert_eq!(sanitize("é://x:y@z é"), "é://x:***@z é");
}

#[test]
fn scrubs_what_drivers_echo() {
    assert_eq!(
        scrub("auth failed: p@ss-word!", "postgres://u:p%40ss-word!@h/db"),
        "auth failed: ***"
    );
    // libpq reads `secret` as the port and `pw9x@h` as the host.
    let url = "postgres://u:secret/pw9x@h/db";
    assert_eq!(
        scrub(
            r#"invalid integer value "secret" for connection option "port""#,
            url
        ),
        r#"invalid integer value "***" for connection option "port""#
    );
    assert_eq!(
        scrub(r#"could not translate host name "pw9x@h""#, url),
        r#"could not translate host name "***@h""#
    );
    // A piece is scrubbed as a word only, a whole secret everywhere.
    assert_eq!(
        scrub("secretive ret; ret@h", "postgres://u:sec@ret@h/db"),
        "secretive ***; ***@h"
    );
    assert_eq!(
        scrub("the rettangle", "postgres://u:sec@ret@h/db"),
        "the rettangle"
    );
    // Query secrets, decoded too.
    assert_eq!(
        scrub("echo s3 cr%t", "postgres://u@h/db?password=s3+cr%25t"),
        "echo ***"
    );
    // Short secrets are left alone.
    assert_eq!(scrub("a pw here", "mysql://u:pw@h/db"), "a pw here");
    assert_eq!(redact_text("x", &[] as &[&str]), "x");
}

#[test]
fn sqlite_urls() {
    for (url, path) in [
        ("sqlite:///app.db", "app.db"),
        ("sqlite:///data/app.db", "data/app.db"),
        ("sqlite:////srv/app.db", "/srv/app.db"),
        ("sqlite://app.db", "app.db"),
        ("SQLite://data/app.db", "data/app.db"),
        ("sqlite:app.db", "app.db"),
        ("sqlite:/srv/app.db", "/srv/app.db"),
        ("app.db", "app.db"),
        ("/srv/app.db", "/srv/app.db"),
        ("file:app.db?mode=rwc", "file:app.db?mode=rwc"),
        ("file::memory:", "file::memory:"),
        ("sqlite::memory:", ":memory:"),
        ("sqlite://:memory:", ":memory:"),
        ("sqlite:///:memory:", ":memory:"),
        (":memory:", ":memory:"),
    ] {
        assert_eq!(sqlite_path(url).unwrap(), path, "{url}");
    }
    for url in ["", "sqlite:", "sqlite://", "sqlite:///", "SQLITE:", "file:"] {
        assert!(
            matches!(sqlite_path(url), Err(Error::NoDatabase { .. })),
            "{url}"
        );
    }
}
