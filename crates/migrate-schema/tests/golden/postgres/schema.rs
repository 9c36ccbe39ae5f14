// @generated automatically by Diesel CLI.

pub mod sql_types {
    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "mood"))]
    pub struct Mood;

    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "tsvector", schema = "pg_catalog"))]
    pub struct Tsvector;

    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "Weird Kind"))]
    pub struct WeirdKind;

    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "xml", schema = "pg_catalog"))]
    pub struct Xml;
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::Xml;
    use super::sql_types::Tsvector;

    all_types (id) {
        id -> Int8,
        small -> Int2,
        small_null -> Nullable<Int2>,
        int_col -> Int4,
        big -> Nullable<Int8>,
        real_col -> Nullable<Float4>,
        double_col -> Float8,
        numeric_col -> Nullable<Numeric>,
        bool_col -> Bool,
        text_col -> Nullable<Text>,
        varchar_bare -> Nullable<Varchar>,
        #[max_length = 120]
        varchar_len -> Varchar,
        #[max_length = 10]
        char_len -> Nullable<Bpchar>,
        pg_char -> Nullable<Char>,
        citext_col -> Nullable<Citext>,
        bytes -> Nullable<Bytea>,
        date_col -> Nullable<Date>,
        time_col -> Nullable<Time>,
        timestamp_col -> Timestamp,
        timestamptz_col -> Nullable<Timestamptz>,
        interval_col -> Nullable<Interval>,
        uuid_col -> Nullable<Uuid>,
        json_col -> Nullable<Json>,
        jsonb_col -> Jsonb,
        inet_col -> Nullable<Inet>,
        cidr_col -> Nullable<Cidr>,
        macaddr_col -> Nullable<Macaddr>,
        macaddr8_col -> Nullable<Macaddr8>,
        money_col -> Nullable<Money>,
        oid_col -> Nullable<Oid>,
        lsn_col -> Nullable<PgLsn>,
        int4range_col -> Nullable<Int4range>,
        int8range_col -> Nullable<Int8range>,
        numrange_col -> Nullable<Numrange>,
        tsrange_col -> Nullable<Tsrange>,
        tstzrange_col -> Nullable<Tstzrange>,
        daterange_col -> Nullable<Daterange>,
        int4multirange_col -> Nullable<Int4multirange>,
        datemultirange_col -> Nullable<Datemultirange>,
        int_array -> Array<Nullable<Int4>>,
        text_array -> Nullable<Array<Nullable<Text>>>,
        xml_col -> Nullable<Xml>,
        tsvector_col -> Nullable<Tsvector>,
    }
}

diesel::table! {
    categories (id) {
        id -> Int4,
        parent_id -> Nullable<Int4>,
        name -> Text,
    }
}

diesel::table! {
    comments (id) {
        id -> Int4,
        post_id -> Int4,
        user_id -> Int4,
        body -> Text,
    }
}

diesel::table! {
    groups (id) {
        id -> Int4,
        name -> Text,
    }
}

diesel::table! {
    membership_notes (id) {
        id -> Int4,
        user_id -> Int4,
        group_id -> Int4,
        note -> Text,
    }
}

diesel::table! {
    memberships (user_id, group_id) {
        user_id -> Int4,
        group_id -> Int4,
        role -> Text,
    }
}

diesel::table! {
    posts (id) {
        id -> Int4,
        author_id -> Int4,
        editor_id -> Nullable<Int4>,
        #[max_length = 200]
        title -> Varchar,
        body -> Nullable<Text>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::Mood;
    use super::sql_types::WeirdKind;

    users (id) {
        id -> Int4,
        #[max_length = 255]
        email -> Varchar,
        #[max_length = 50]
        nickname -> Nullable<Varchar>,
        name -> Text,
        bio -> Nullable<Text>,
        mood -> Mood,
        moods -> Nullable<Array<Nullable<Mood>>>,
        kind -> Nullable<WeirdKind>,
        #[sql_name = "type"]
        type_ -> Nullable<Text>,
        #[sql_name = "users"]
        users_ -> Nullable<Int4>,
        #[sql_name = "Display Name"]
        Display_Name -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::joinable!(comments -> posts (post_id));
diesel::joinable!(comments -> users (user_id));
diesel::joinable!(memberships -> groups (group_id));
diesel::joinable!(memberships -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    all_types,
    categories,
    comments,
    groups,
    membership_notes,
    memberships,
    posts,
    users,
);
