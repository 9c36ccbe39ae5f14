// @generated automatically by Diesel CLI.

pub mod sql_types {
    #[derive(diesel::sql_types::SqlType)]
    #[diesel(mysql_type(name = "Mediumint"))]
    pub struct AllTypesMediumMediumint;

    #[derive(diesel::sql_types::SqlType)]
    #[diesel(mysql_type(name = "Enum"))]
    pub struct AllTypesSizeEnum;

    #[derive(diesel::sql_types::SqlType)]
    #[diesel(mysql_type(name = "Year"))]
    pub struct AllTypesYearColYear;

    #[derive(diesel::sql_types::SqlType)]
    #[diesel(mysql_type(name = "Enum"))]
    pub struct UsersStatusEnum;
}

diesel::table! {
    #[sql_name = "Line Items"]
    Line_Items (order_id, line) {
        order_id -> Integer,
        line -> Integer,
        qty -> Unsigned<Integer>,
    }
}

diesel::table! {
    albums (id) {
        id -> Integer,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::AllTypesMediumMediumint;
    use super::sql_types::AllTypesYearColYear;
    use super::sql_types::AllTypesSizeEnum;

    all_types (id) {
        id -> Unsigned<Bigint>,
        flag -> Bool,
        tiny -> Nullable<Tinyint>,
        small -> Smallint,
        medium -> Nullable<AllTypesMediumMediumint>,
        int_col -> Integer,
        int_unsigned -> Nullable<Unsigned<Integer>>,
        big -> Nullable<Bigint>,
        float_col -> Nullable<Float>,
        double_col -> Double,
        decimal_col -> Nullable<Decimal>,
        #[max_length = 10]
        char_col -> Nullable<Char>,
        #[max_length = 120]
        varchar_col -> Varchar,
        tinytext_col -> Nullable<Tinytext>,
        text_col -> Nullable<Text>,
        mediumtext_col -> Nullable<Mediumtext>,
        longtext_col -> Nullable<Longtext>,
        #[max_length = 16]
        binary_col -> Nullable<Binary>,
        #[max_length = 64]
        varbinary_col -> Nullable<Varbinary>,
        tinyblob_col -> Nullable<Tinyblob>,
        blob_col -> Nullable<Blob>,
        mediumblob_col -> Nullable<Mediumblob>,
        longblob_col -> Nullable<Longblob>,
        bit_col -> Nullable<Bit>,
        date_col -> Nullable<Date>,
        time_col -> Nullable<Time>,
        datetime_col -> Nullable<Datetime>,
        timestamp_col -> Nullable<Timestamp>,
        year_col -> Nullable<AllTypesYearColYear>,
        json_col -> Nullable<Longtext>,
        #[max_length = 1]
        size -> Nullable<AllTypesSizeEnum>,
    }
}

diesel::table! {
    comments (id) {
        id -> Integer,
        post_id -> Integer,
        user_id -> Integer,
        body -> Text,
    }
}

diesel::table! {
    follows (id) {
        id -> Integer,
    }
}

diesel::table! {
    groups (id) {
        id -> Integer,
        #[max_length = 100]
        name -> Varchar,
    }
}

diesel::table! {
    likes (id) {
        id -> Integer,
        post_id -> Integer,
    }
}

diesel::table! {
    members (user_id, group_id) {
        user_id -> Integer,
        group_id -> Integer,
        #[max_length = 20]
        role -> Varchar,
    }
}

diesel::table! {
    notes (id) {
        id -> Integer,
        user_id -> Integer,
        group_id -> Integer,
        note -> Text,
    }
}

diesel::table! {
    photos (id) {
        id -> Integer,
    }
}

diesel::table! {
    posts (id) {
        id -> Integer,
        author_id -> Integer,
        editor_id -> Nullable<Integer>,
        #[max_length = 200]
        title -> Varchar,
    }
}

diesel::table! {
    tags (id) {
        id -> Integer,
        #[max_length = 30]
        label -> Nullable<Varchar>,
    }
}

diesel::table! {
    tree (id) {
        id -> Integer,
        parent_id -> Nullable<Integer>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::UsersStatusEnum;

    users (id) {
        id -> Integer,
        #[max_length = 255]
        email -> Varchar,
        #[max_length = 50]
        nickname -> Nullable<Varchar>,
        #[max_length = 6]
        status -> UsersStatusEnum,
        #[sql_name = "type"]
        type_ -> Nullable<Text>,
        created_at -> Datetime,
    }
}

diesel::table! {
    videos (id) {
        id -> Integer,
    }
}

diesel::joinable!(comments -> posts (post_id));
diesel::joinable!(comments -> users (user_id));
diesel::joinable!(likes -> posts (post_id));
diesel::joinable!(members -> groups (group_id));
diesel::joinable!(members -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    Line_Items, albums, all_types, comments, follows, groups, likes, members, notes, photos, posts,
    tags, tree, users, videos,
);
