//! Property tests: generated statements (with the splitter's expected answer built alongside) and random
//! text, each run through [`check`]'s invariants, the ones the fuzz target asserts.

use proptest::prelude::*;
use proptest::sample::select;

use super::*;
use Backend::{Mysql, Postgres, Sqlite};

/// One piece of a generated statement.
#[derive(Debug, Clone, Copy)]
enum Piece {
    /// Code made of one word or number.
    Word(&'static str),
    /// Code that is a string, a quoted identifier or an executable comment.
    Quoted(&'static str),
    /// A block comment.
    Comment(&'static str),
    /// A line comment (its line break is added).
    Line(&'static str),
    /// Whitespace.
    Space(&'static str),
}

fn pieces(backend: Backend) -> Vec<Piece> {
    use Piece::*;
    let mut all = vec![
        Word("x"),
        Word("1"),
        Word("t.begin"),
        Word("begin"),
        Word("end"),
        Word("event"),
        Word("CASE WHEN 1 THEN 2 END"),
        Word("(1)"),
        Word("\u{a0}"),
        Word("é"),
        Word("- -1"),
        Quoted("'a;b'"),
        Quoted("'it''s;'"),
        Quoted("''"),
        Comment("/* ; */"),
        Comment("/**/"),
        Comment("/* -- ; */"),
        Line("-- c; d"),
        Line("--"),
        Space(" "),
        Space("\n"),
        Space("\t"),
        Space("\r\n"),
    ];
    match backend {
        Sqlite => all.extend([
            Quoted("\"x;y\""),
            Quoted("`a;b`"),
            Quoted("[a;b]"),
            Quoted("\"a\"\";\""),
            Word("\u{b}"),
            Line("--x; y"),
        ]),
        Postgres => all.extend([
            Quoted("\"x;\"\"y\""),
            Quoted("E'a\\';b'"),
            Quoted("e'\\\\'"),
            Quoted("$$a;b$$"),
            Quoted("$t$ $$; $t$"),
            Quoted("$é$;$é$"),
            Quoted("U&'x;'"),
            Word("$1"),
            Word("x$y"),
            Word("\u{b}"),
            Line("--x; y"),
            Comment("/* a /* b; */ c; */"),
            Comment("/*/* */*/"),
        ]),
        Mysql => all.extend([
            Quoted("'a\\';b'"),
            Quoted("\"a\\\";b\""),
            Quoted("`a``;b`"),
            Quoted("/*!40101 'a;b' */"),
            Quoted("/*M!100100 'c' */"),
            Word("--1"),
            Word("/*!50001 x */"),
            Line("# c; d"),
            Line("--\tc;"),
            Comment("/*+ hint; */"),
            Space("\u{b}"),
            Space("\u{c}"),
        ]),
    }
    all
}

/// Statements holding `;` inside a body, with holes (`{}`) for a comment.
fn templates(backend: Backend) -> Vec<&'static str> {
    match backend {
        Sqlite => vec![
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN {} UPDATE c SET k = CASE WHEN {} THEN 1 END; {} INSERT INTO c VALUES (';'); END",
            "CREATE TEMP TRIGGER tr AFTER UPDATE OF begin ON t BEGIN SELECT {}; END",
        ],
        Postgres => vec![
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT {}; SELECT CASE WHEN true THEN 1 END; END",
            "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC {} INSERT INTO t VALUES (1); END",
            "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ {} LANGUAGE sql",
            "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); {} INSERT INTO b VALUES (2))",
        ],
        Mysql => vec![
            "CREATE PROCEDURE p(x INT) BEGIN {} CASE x WHEN 1 THEN SELECT {}; END CASE; IF x THEN SELECT 1; END IF; l: LOOP LEAVE l; END LOOP l; WHILE 0 DO SELECT 2; END WHILE; REPEAT SELECT {}; UNTIL 1 END REPEAT; END",
            "CREATE DEFINER=`root`@`%` TRIGGER tr BEFORE INSERT ON event FOR EACH ROW BEGIN SET NEW.begin = CASE WHEN {} THEN IF(1, 2, 3) END; INSERT INTO log (begin, end) VALUES (1, {}); END",
            "BEGIN NOT ATOMIC {} SELECT 1; END",
            "/*!50003 CREATE*/ /*!50003 TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; {} END */",
        ],
    }
}

fn text(piece: Piece) -> String {
    match piece {
        Piece::Line(s) => format!("{s}\n"),
        Piece::Word(s) | Piece::Quoted(s) | Piece::Comment(s) | Piece::Space(s) => s.to_owned(),
    }
}

/// A generated statement's text and whether it holds code (else the splitter drops it).
fn statement(backend: Backend) -> impl Strategy<Value = (String, bool)> {
    let all = pieces(backend);
    let trivia: Vec<Piece> = all
        .iter()
        .copied()
        .filter(|p| matches!(p, Piece::Comment(_) | Piece::Line(_) | Piece::Space(_)))
        .collect();
    let holes: Vec<Piece> = all
        .iter()
        .copied()
        .filter(|p| matches!(p, Piece::Comment(_) | Piece::Line(_)))
        .collect();
    let join = |pieces: Vec<Piece>| pieces.into_iter().map(text).collect::<Vec<_>>().join(" ");
    let plain = (
        prop::collection::vec(select(trivia.clone()), 0..3),
        prop::collection::vec(select(all), 0..8),
    )
        .prop_map(move |(lead, rest)| {
            let lead = join(lead);
            (format!("{lead} SELECT {}", join(rest)), true)
        });
    let comments = prop::collection::vec(select(trivia), 1..4).prop_map(move |p| (join(p), false));
    let routine = (
        select(templates(backend)),
        prop::collection::vec(prop::option::of(select(holes)), 3),
    )
        .prop_map(|(template, fills)| {
            let mut out = String::new();
            let mut fills = fills.into_iter();
            for (i, part) in template.split("{}").enumerate() {
                if i > 0
                    && let Some(piece) = fills.next().flatten()
                {
                    out.push_str(&text(piece));
                }
                out.push_str(part);
            }
            (out, true)
        });
    prop_oneof![4 => plain, 1 => comments, 2 => routine]
}

/// Input text and the statements the splitter must return.
fn script(backend: Backend) -> impl Strategy<Value = (String, Vec<String>)> {
    let separator = select(vec![";", "; ", ";\n", " ;", "\n;\n", ";;", ";\t"]);
    (
        prop::collection::vec((statement(backend), separator), 1..6),
        any::<bool>(),
    )
        .prop_map(move |(parts, last_separator)| {
            let mut input = String::new();
            let mut expected = Vec::new();
            let count = parts.len();
            for (i, ((text, code), separator)) in parts.into_iter().enumerate() {
                input.push_str(&text);
                if i + 1 < count || last_separator {
                    input.push_str(separator);
                } else if !code {
                    input.push('\n');
                }
                if code {
                    let space = |c: char| match backend {
                        Mysql => matches!(c, ' ' | '\t'..='\r'),
                        _ => matches!(c, ' ' | '\t' | '\n' | '\x0c' | '\r'),
                    };
                    expected.push(text.trim_matches(space).to_owned());
                }
            }
            // A trailing comment after the last `;` is no statement.
            if expected.is_empty() {
                input.push_str(";SELECT 0");
                expected.push("SELECT 0".to_owned());
            }
            (input, expected)
        })
}

fn backend() -> impl Strategy<Value = Backend> {
    select(vec![Sqlite, Postgres, Mysql])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn generated_statements_split_as_generated(
        (backend, (input, expected)) in backend().prop_flat_map(|b| (Just(b), script(b)))
    ) {
        prop_assert_eq!(split_statements(&input, backend), expected, "{}: {:?}", backend, input);
        check(&input, backend);
    }

    #[test]
    fn any_text_keeps_the_invariants(
        backend in backend(),
        input in "([-;'\"`$/*!#\\\\\\[\\]() \n\r\t\u{b}\u{a0}aAbEeMNx0-9:=]|BEGIN|END|CASE|IF|CREATE|TRIGGER|PROCEDURE|FUNCTION|ATOMIC|NOT|EACH|ROW|FOR|DO){0,60}",
    ) {
        check(&input, backend);
    }
}
