// @generated automatically by Diesel CLI.

pub mod custom {
    pub mod sql_types {
        #[derive(diesel::sql_types::SqlType)]
        #[diesel(postgres_type(name = "mood"))]
        pub struct Mood;

        #[derive(diesel::sql_types::SqlType)]
        #[diesel(postgres_type(name = "status", schema = "custom"))]
        pub struct Status;
    }

    diesel::table! {
        #[sql_name = "custom.Order Items"]
        custom.Order_Items (order_id, line) {
            order_id -> Int4,
            line -> Int4,
            account_id -> Nullable<Int4>,
        }
    }

    diesel::table! {
        use diesel::sql_types::*;
        use super::sql_types::Status;
        use super::sql_types::Mood;

        custom.accounts (id) {
            id -> Int4,
            status -> Status,
            mood -> Nullable<Mood>,
            #[max_length = 64]
            login -> Varchar,
        }
    }

    diesel::table! {
        custom.sessions (id) {
            id -> Int8,
            account_id -> Int4,
            token -> Text,
        }
    }

    diesel::joinable!(Order_Items -> accounts (account_id));
    diesel::joinable!(sessions -> accounts (account_id));

    diesel::allow_tables_to_appear_in_same_query!(Order_Items, accounts, sessions,);
}
