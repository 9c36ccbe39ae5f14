// @generated automatically by Diesel CLI.

diesel::table! {
    #[sql_name = "Line Items"]
    Line_Items (order_id, line) {
        order_id -> Integer,
        line -> Integer,
    }
}

diesel::table! {
    all_types (id) {
        id -> Integer,
        bool_col -> Bool,
        tiny -> Nullable<Bool>,
        small -> Nullable<SmallInt>,
        int2_col -> Nullable<SmallInt>,
        big -> BigInt,
        int8_col -> Nullable<BigInt>,
        int_col -> Nullable<Integer>,
        medium -> Nullable<Integer>,
        text_col -> Text,
        char_col -> Nullable<Text>,
        varchar_col -> Nullable<Text>,
        clob_col -> Nullable<Text>,
        blob_col -> Nullable<Binary>,
        untyped -> Nullable<Binary>,
        binary_col -> Nullable<Binary>,
        float_col -> Nullable<Float>,
        real_col -> Float,
        double_col -> Nullable<Double>,
        numeric_col -> Nullable<Double>,
        decimal_col -> Nullable<Double>,
        datetime_col -> Nullable<Timestamp>,
        timestamp_col -> Nullable<Timestamp>,
        date_col -> Nullable<Date>,
        time_col -> Nullable<Time>,
    }
}

diesel::table! {
    comments (id) {
        id -> Nullable<Integer>,
        post_id -> Integer,
        user_id -> Integer,
        body -> Text,
    }
}

diesel::table! {
    members (user_id, group_id) {
        user_id -> Integer,
        group_id -> Integer,
    }
}

diesel::table! {
    notes (id) {
        id -> Nullable<Integer>,
        user_id -> Integer,
        group_id -> Integer,
    }
}

diesel::table! {
    posts (id) {
        id -> Nullable<Integer>,
        author_id -> Integer,
        editor_id -> Nullable<Integer>,
        title -> Text,
    }
}

diesel::table! {
    tree (id) {
        id -> Nullable<Integer>,
        parent_id -> Nullable<Integer>,
    }
}

diesel::table! {
    users (id) {
        id -> Nullable<Integer>,
        email -> Text,
        name -> Nullable<Text>,
        #[sql_name = "type"]
        type_ -> Nullable<Text>,
        #[sql_name = "1st place"]
        _1st_place -> Nullable<Text>,
        #[sql_name = "__hidden"]
        __hidden_ -> Nullable<Text>,
        #[sql_name = "columns"]
        columns_ -> Nullable<Text>,
        #[sql_name = "a  - b"]
        a_b -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(comments -> posts (post_id));
diesel::joinable!(comments -> users (user_id));
diesel::joinable!(members -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    Line_Items, all_types, comments, members, notes, posts, tree, users,
);
