-- PostgreSQL fixture for the golden schema.rs files: every column type `diesel print-schema` emits for
-- PostgreSQL, nullable and not, `max_length`, composite keys, foreign keys (two to the same table, a
-- self reference, a composite one), enums, unknown types (generated into `sql_types`), names that need
-- `#[sql_name]`, and a non-public schema `custom` printed with `--schema custom`.
CREATE EXTENSION IF NOT EXISTS citext;

CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TYPE "Weird Kind" AS ENUM ('a', 'b');

CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    email VARCHAR(255) NOT NULL,
    nickname VARCHAR(50),
    name TEXT NOT NULL,
    bio TEXT,
    mood mood NOT NULL,
    moods mood[],
    kind "Weird Kind",
    "type" TEXT,
    "users" INTEGER,
    "Display Name" TEXT,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE all_types (
    id BIGSERIAL PRIMARY KEY,
    small SMALLINT NOT NULL,
    small_null SMALLINT,
    int_col INTEGER NOT NULL,
    big BIGINT,
    real_col REAL,
    double_col DOUBLE PRECISION NOT NULL,
    numeric_col NUMERIC(10, 2),
    bool_col BOOLEAN NOT NULL,
    text_col TEXT,
    varchar_bare VARCHAR,
    varchar_len VARCHAR(120) NOT NULL,
    char_len CHAR(10),
    pg_char "char",
    citext_col CITEXT,
    bytes BYTEA,
    date_col DATE,
    time_col TIME,
    timestamp_col TIMESTAMP NOT NULL,
    timestamptz_col TIMESTAMPTZ,
    interval_col INTERVAL,
    uuid_col UUID,
    json_col JSON,
    jsonb_col JSONB NOT NULL,
    inet_col INET,
    cidr_col CIDR,
    macaddr_col MACADDR,
    macaddr8_col MACADDR8,
    money_col MONEY,
    oid_col OID,
    lsn_col PG_LSN,
    int4range_col INT4RANGE,
    int8range_col INT8RANGE,
    numrange_col NUMRANGE,
    tsrange_col TSRANGE,
    tstzrange_col TSTZRANGE,
    daterange_col DATERANGE,
    int4multirange_col INT4MULTIRANGE,
    datemultirange_col DATEMULTIRANGE,
    int_array INTEGER[] NOT NULL,
    text_array TEXT[],
    xml_col XML,
    tsvector_col TSVECTOR
);

CREATE TABLE posts (
    id SERIAL PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES users (id),
    editor_id INTEGER REFERENCES users (id),
    title VARCHAR(200) NOT NULL,
    body TEXT
);

CREATE TABLE comments (
    id SERIAL PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    body TEXT NOT NULL
);

CREATE TABLE groups (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE memberships (
    user_id INTEGER NOT NULL REFERENCES users (id),
    group_id INTEGER NOT NULL REFERENCES groups (id),
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, group_id)
);

CREATE TABLE membership_notes (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL,
    group_id INTEGER NOT NULL,
    note TEXT NOT NULL,
    FOREIGN KEY (user_id, group_id) REFERENCES memberships (user_id, group_id)
);

CREATE TABLE categories (
    id SERIAL PRIMARY KEY,
    parent_id INTEGER REFERENCES categories (id),
    name TEXT NOT NULL
);

CREATE SCHEMA custom;
CREATE TYPE custom.status AS ENUM ('draft', 'live');

CREATE TABLE custom.accounts (
    id SERIAL PRIMARY KEY,
    status custom.status NOT NULL,
    mood mood,
    login VARCHAR(64) NOT NULL
);

CREATE TABLE custom.sessions (
    id BIGSERIAL PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES custom.accounts (id),
    token TEXT NOT NULL
);

CREATE TABLE custom."Order Items" (
    order_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    account_id INTEGER REFERENCES custom.accounts (id),
    PRIMARY KEY (order_id, line)
);

COMMENT ON TABLE users IS 'People who sign in.';
COMMENT ON COLUMN users.email IS 'Where we write to.
Second line.';
