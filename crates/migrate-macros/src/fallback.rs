//! What the macro expands to when it fails: the compile errors, plus an empty table of the right type, so
//! that the user sees the migration problems and no second wave of type errors.

use proc_macro2::TokenStream;
use quote::quote;

use crate::expand::table;

/// `{ compile_error!(...); ... <empty EmbeddedMigrations> }`: one `compile_error!` per problem.
pub fn expand(error: syn::Error) -> TokenStream {
    let errors = error.into_compile_error();
    let empty = migrate_core::RevisionGraph::from_parts(Vec::new(), Vec::new(), Vec::new());
    // An empty table has no file to include, so it cannot fail; it is a few tokens.
    let placeholder: TokenStream = table(&empty, std::path::Path::new(""))
        .unwrap_or_default()
        .parse()
        .unwrap_or_default();
    quote! {
        {
            #errors
            #placeholder
        }
    }
}
