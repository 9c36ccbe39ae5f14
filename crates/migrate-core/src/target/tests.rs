//! Unit tests of the target grammar.

use super::*;

fn parse(text: &str) -> (Option<&str>, Option<Symbol<'_>>, Option<i64>) {
    let spec = TargetSpec::parse(text).unwrap();
    (spec.qualifier, spec.symbol, spec.relative)
}

#[test]
fn grammar() {
    assert_eq!(parse("head"), (None, Some(Symbol::Head), None));
    assert_eq!(parse("heads"), (None, Some(Symbol::Heads), None));
    assert_eq!(parse("base"), (None, Some(Symbol::Base), None));
    assert_eq!(parse("current"), (None, Some(Symbol::Current), None));
    assert_eq!(parse("ae10"), (None, Some(Symbol::Name("ae10")), None));
    assert_eq!(parse("+2"), (None, None, Some(2)));
    assert_eq!(parse("-1"), (None, None, Some(-1)));
    assert_eq!(parse("ae10+2"), (None, Some(Symbol::Name("ae10")), Some(2)));
    assert_eq!(parse("head-1"), (None, Some(Symbol::Head), Some(-1)));
    assert_eq!(parse("base+2"), (None, Some(Symbol::Base), Some(2)));
    assert_eq!(
        parse("accounts@head"),
        (Some("accounts"), Some(Symbol::Head), None)
    );
    assert_eq!(
        parse("accounts@base"),
        (Some("accounts"), Some(Symbol::Base), None)
    );
    assert_eq!(
        parse("accounts@3f2a"),
        (Some("accounts"), Some(Symbol::Name("3f2a")), None)
    );
    assert_eq!(parse("accounts@+1"), (Some("accounts"), None, Some(1)));
    assert_eq!(
        parse("accounts@head-1"),
        (Some("accounts"), Some(Symbol::Head), Some(-1))
    );
}

#[test]
fn grammar_errors() {
    let err = |t: &str| TargetSpec::parse(t).unwrap_err().to_string();
    assert_eq!(err(""), "invalid target ``: it is empty");
    assert_eq!(err("@head"), "invalid target `@head`: nothing before `@`");
    assert_eq!(err("x@"), "invalid target `x@`: nothing after `@`");
    assert_eq!(
        err("+x"),
        "invalid target `+x`: a relative step is `+N` or `-N` with N a number"
    );
    assert_eq!(
        err("a.b"),
        "invalid target `a.b`: ids and labels use only A-Z, a-z, 0-9 and _"
    );
    assert_eq!(
        err("heads+1"),
        "invalid target `heads+1`: `heads` cannot take a relative step"
    );
}
