//! Parsing the macro's arguments: `()`, `("path")`, `("path", allow_multiple_heads)` or
//! `(allow_multiple_heads)`. Checks that need only the tokens (string literal, relative path, known options)
//! happen here, spanned on the offending token.

use std::path::{Path, PathBuf};

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, Lit, LitStr, Token};

/// The folder read when no path is given.
pub const DEFAULT_FOLDER: &str = "migrations";

/// The options the macro accepts after the path.
pub const OPTIONS: [&str; 1] = ["allow_multiple_heads"];

/// What the invocation asked for.
pub struct Input {
    /// The path literal, when one was given (diagnostics are spanned on it).
    pub path: Option<LitStr>,
    /// `allow_multiple_heads`: several unlabelled heads do not fail the build.
    pub allow_multiple_heads: bool,
}

impl Input {
    /// The folder to read, relative to the crate.
    pub fn folder(&self) -> PathBuf {
        match &self.path {
            Some(lit) => PathBuf::from(lit.value()),
            None => PathBuf::from(DEFAULT_FOLDER),
        }
    }

    /// Where errors about the folder point: the path literal if any, else the macro call.
    pub fn span(&self) -> Span {
        match &self.path {
            Some(lit) => lit.span(),
            None => Span::call_site(),
        }
    }
}

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut parsed = Input {
            path: None,
            allow_multiple_heads: false,
        };
        let mut first = true;
        while !input.is_empty() {
            if input.peek(Ident) {
                let option: Ident = input.parse()?;
                if option == "allow_multiple_heads" {
                    if parsed.allow_multiple_heads {
                        return Err(syn::Error::new(
                            option.span(),
                            "`allow_multiple_heads` is given twice",
                        ));
                    }
                    parsed.allow_multiple_heads = true;
                } else {
                    let mut message = format!(
                        "unknown option `{option}`: the known options are {}",
                        known_options()
                    );
                    if first {
                        message.push_str(&format!(
                            "\n  help: if `{option}` is the migrations folder, write it as a string literal: \
                             `embed_migrations!(\"{option}\")`"
                        ));
                    }
                    return Err(syn::Error::new(option.span(), message));
                }
            } else if input.peek(Lit) {
                let lit: Lit = input.parse()?;
                let Lit::Str(path) = lit else {
                    return Err(not_a_string(lit.span()));
                };
                if !first {
                    return Err(syn::Error::new(
                        path.span(),
                        "the migrations path must come first, before the options",
                    ));
                }
                check_relative(&path)?;
                parsed.path = Some(path);
            } else {
                return Err(not_a_string(input.span()));
            }
            first = false;
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(parsed)
    }
}

fn known_options() -> String {
    OPTIONS
        .iter()
        .map(|o| format!("`{o}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn not_a_string(span: Span) -> syn::Error {
    syn::Error::new(
        span,
        format!(
            "expected the migrations folder as a string literal, or an option ({})\n  \
             help: write e.g. `embed_migrations!(\"db/migrations\")`; without arguments the folder is `{DEFAULT_FOLDER}`",
            known_options()
        ),
    )
}

/// The path must name a folder inside (or next to) the crate, so that the build does not depend on where the
/// crate is checked out.
fn check_relative(path: &LitStr) -> syn::Result<()> {
    let value = path.value();
    if value.is_empty() {
        return Err(syn::Error::new(
            path.span(),
            format!(
                "the migrations path is empty\n  help: name the folder, e.g. \"{DEFAULT_FOLDER}\""
            ),
        ));
    }
    let as_path = Path::new(&value);
    if as_path.is_absolute() || as_path.has_root() {
        return Err(syn::Error::new(
            path.span(),
            format!(
                "the migrations path must be relative to the crate (CARGO_MANIFEST_DIR): `{value}`\n  \
                 help: write the folder relative to the directory of Cargo.toml, e.g. \"{DEFAULT_FOLDER}\""
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn parse(tokens: proc_macro2::TokenStream) -> syn::Result<Input> {
        syn::parse2(tokens)
    }

    #[test]
    fn accepted_forms() {
        let empty = parse(quote!()).unwrap();
        assert!(empty.path.is_none() && !empty.allow_multiple_heads);
        assert_eq!(empty.folder(), PathBuf::from("migrations"));

        let path = parse(quote!("db/migrations")).unwrap();
        assert_eq!(path.folder(), PathBuf::from("db/migrations"));
        assert!(!path.allow_multiple_heads);

        let both = parse(quote!("db/migrations", allow_multiple_heads,)).unwrap();
        assert_eq!(both.folder(), PathBuf::from("db/migrations"));
        assert!(both.allow_multiple_heads);

        let option_only = parse(quote!(allow_multiple_heads)).unwrap();
        assert_eq!(option_only.folder(), PathBuf::from("migrations"));
        assert!(option_only.allow_multiple_heads);
    }

    #[test]
    fn rejected_forms() {
        let message = |tokens| match parse(tokens) {
            Ok(_) => panic!("accepted"),
            Err(error) => error.to_string(),
        };
        assert!(
            message(quote!("/abs/migrations")).starts_with(
                "the migrations path must be relative to the crate (CARGO_MANIFEST_DIR): `/abs/migrations`"
            )
        );
        assert!(
            message(quote!(42)).starts_with("expected the migrations folder as a string literal")
        );
        assert_eq!(
            message(quote!(migrations)),
            "unknown option `migrations`: the known options are `allow_multiple_heads`\n  \
             help: if `migrations` is the migrations folder, write it as a string literal: \
             `embed_migrations!(\"migrations\")`"
        );
        assert_eq!(
            message(quote!("m", allow_many_heads)),
            "unknown option `allow_many_heads`: the known options are `allow_multiple_heads`"
        );
        assert!(message(quote!("m", allow_multiple_heads, allow_multiple_heads)).contains("twice"));
        assert!(message(quote!(allow_multiple_heads, "m")).contains("must come first"));
        assert!(message(quote!("")).starts_with("the migrations path is empty"));
        assert!(message(quote!("a" "b")).contains("expected `,`"));
    }
}
