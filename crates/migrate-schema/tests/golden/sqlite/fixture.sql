-- SQLite fixture for the golden schema.rs: every column type `diesel print-schema` emits for SQLite (and
-- the declared types that map to each), nullable and not, composite keys, foreign keys (two to the same
-- table, a self reference, a composite one) and names that need `#[sql_name]`.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email VARCHAR(255) NOT NULL,
    name TEXT,
    "type" TEXT,
    "1st place" TEXT,
    "__hidden" TEXT,
    "columns" TEXT,
    "a  - b" TEXT,
    created_at DATETIME NOT NULL
);

CREATE TABLE all_types (
    id INTEGER PRIMARY KEY NOT NULL,
    bool_col BOOLEAN NOT NULL,
    tiny TINYINT,
    small SMALLINT,
    int2_col INT2,
    big BIGINT NOT NULL,
    int8_col INT8,
    int_col INT,
    medium MEDIUMINT,
    text_col TEXT NOT NULL,
    char_col CHARACTER(20),
    varchar_col VARCHAR(120),
    clob_col CLOB,
    blob_col BLOB,
    untyped,
    binary_col BINARY(8),
    float_col FLOAT,
    real_col REAL NOT NULL,
    double_col DOUBLE,
    numeric_col NUMERIC,
    decimal_col DECIMAL(10, 5),
    datetime_col DATETIME,
    timestamp_col TIMESTAMP,
    date_col DATE,
    time_col TIME
);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES users (id),
    editor_id INTEGER REFERENCES users (id),
    title TEXT NOT NULL
);

CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    body TEXT NOT NULL
);

CREATE TABLE members (
    user_id INTEGER NOT NULL REFERENCES users (id),
    group_id INTEGER NOT NULL,
    PRIMARY KEY (user_id, group_id)
);

CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    group_id INTEGER NOT NULL,
    FOREIGN KEY (user_id, group_id) REFERENCES members (user_id, group_id)
);

CREATE TABLE tree (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES tree (id)
);

CREATE TABLE "Line Items" (
    order_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    PRIMARY KEY (order_id, line)
);
