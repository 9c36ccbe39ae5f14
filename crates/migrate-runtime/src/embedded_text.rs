//! The build-time guarantee that every embedded text is the file `embed_migrations!` read: the table's
//! `const _: () = check_texts(TABLE);` fails the build, in const evaluation, when a file changed between
//! the macro reading it and `include_str!` embedding it, so slicing a section out of it cannot fail at run
//! time.

use crate::embedded::{EmbeddedRevision, EmbeddedTable, FIELDS};

/// The first revision of `table` whose text does not match the ranges the build recorded: its length is
/// not where its last section ends (the parser's sections run to the end of the file), or a section does
/// not start and end on a character boundary.
pub const fn first_changed(table: &EmbeddedTable) -> Option<usize> {
    let mut index = 0;
    while index < table.len() {
        if !matches_its_text(&table.revision_at(index), table.texts[index]) {
            return Some(index);
        }
        index += 1;
    }
    None
}

const fn matches_its_text(revision: &EmbeddedRevision, text: &str) -> bool {
    let text = text.as_bytes();
    let (up_start, up_end) = revision.up;
    let (down_start, down_end) = revision.down;
    let has_down = down_start != 0 || down_end != 0;
    let read_len = if has_down { down_end } else { up_end };
    text.len() == read_len
        && up_start <= up_end
        && starts_a_character(text, up_start)
        && starts_a_character(text, up_end)
        && (!has_down || (down_start <= down_end && starts_a_character(text, down_start)))
}

/// Whether a `str`'s bytes can be cut at `at` (`str::is_char_boundary`, with fewer steps for the const
/// evaluator, which runs this for every revision of every build).
const fn starts_a_character(text: &[u8], at: usize) -> bool {
    at == text.len() || (at < text.len() && (text[at] as i8) >= -0x40)
}

/// Fails const evaluation, naming the file, when a revision of `table` no longer matches its text.
pub const fn check_texts(table: &EmbeddedTable) {
    if table.texts.len() != table.len() || !table.revisions.len().is_multiple_of(FIELDS) {
        panic!("embed_migrations! wrote a table whose texts and revisions differ in number");
    }
    if let Some(index) = first_changed(table) {
        let [start, end] = table.revision_at(index).path;
        let (path, _) = table.strings.as_bytes().split_at(end as usize);
        let (_, path) = path.split_at(start as usize);
        match core::str::from_utf8(path) {
            Ok(path) => changed(path),
            Err(_) => changed("a migration file"),
        }
    }
}

/// Panics with `<path> changed while the application was being built: build it again`. A const panic takes
/// one `&str`, so the message is assembled in a buffer (a path too long for it gets a message without it).
const fn changed(path: &str) -> ! {
    const SUFFIX: &[u8] = b" changed while the application was being built: build it again";
    let mut buffer = [0u8; 1024];
    let path = path.as_bytes();
    if path.len() + SUFFIX.len() > buffer.len() {
        panic!("a migration file changed while the application was being built: build it again");
    }
    let mut at = 0;
    while at < path.len() {
        buffer[at] = path[at];
        at += 1;
    }
    let mut i = 0;
    while i < SUFFIX.len() {
        buffer[at + i] = SUFFIX[i];
        i += 1;
    }
    let (message, _) = buffer.split_at(at + SUFFIX.len());
    match core::str::from_utf8(message) {
        Ok(message) => panic!("{}", message),
        Err(_) => {
            panic!("a migration file changed while the application was being built: build it again")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn revision(up: (usize, usize), down: (usize, usize)) -> EmbeddedRevision {
        EmbeddedRevision {
            id: [0, 2],
            checksum: [2, 2],
            path: [2, 18],
            message: [2, 2],
            create_date: [2, 2],
            transactional: true,
            up,
            down,
            names: [0; 4],
            nodes: [0; 3],
            lines: [0; 6],
        }
    }

    /// A table of `revisions` with their texts (leaked: a table is `'static`).
    fn table(revisions: Vec<(&'static str, EmbeddedRevision)>) -> EmbeddedTable {
        let (texts, revisions): (Vec<&'static str>, Vec<EmbeddedRevision>) =
            revisions.into_iter().unzip();
        EmbeddedTable {
            revisions: Vec::leak(revisions.iter().flat_map(|r| r.encode()).collect()),
            texts: Vec::leak(texts),
            strings: "a1migrations/a.sql",
            names: &[],
            nodes: &[],
            order: &[],
            by_id: &[],
            heads: &[],
        }
    }

    const TEXT: &str = "-- migrate:up\nSELECT 'é';\n-- migrate:down\nSELECT 2;\n";

    #[test]
    fn a_text_matches_when_its_last_section_ends_at_its_end() {
        let down = TEXT.find("SELECT 2").unwrap();
        let up_end = TEXT.find("-- migrate:down").unwrap();
        let matching = table(vec![
            (TEXT, revision((14, up_end), (down, TEXT.len()))),
            (&TEXT[..up_end], revision((14, up_end), (0, 0))),
        ]);
        assert_eq!(first_changed(&matching), None);
        check_texts(&matching);
    }

    #[test]
    fn a_longer_or_shorter_text_or_a_range_inside_a_character_is_changed() {
        let up_end = TEXT.find("-- migrate:down").unwrap();
        let inside_e = TEXT.find('é').unwrap() + 1;
        let up_only = &TEXT[..up_end];
        for changed in [
            (TEXT, revision((14, up_end), (0, 0))),
            (&TEXT[..up_end - 1], revision((14, up_end), (0, 0))),
            (up_only, revision((inside_e, up_end), (0, 0))),
            (TEXT, revision((14, up_end), (inside_e, TEXT.len()))),
        ] {
            let table = table(vec![(up_only, revision((14, up_end), (0, 0))), changed]);
            assert_eq!(first_changed(&table), Some(1));
        }
    }

    #[test]
    #[should_panic(
        expected = "migrations/a.sql changed while the application was being built: build it again"
    )]
    fn the_check_names_the_file() {
        check_texts(&table(vec![("SELECT 1;\n", revision((0, 3), (0, 0)))]));
    }
}
