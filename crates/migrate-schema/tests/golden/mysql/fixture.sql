-- MySQL/MariaDB fixture for the golden schema.rs: every column type `diesel print-schema` emits for MySQL,
-- nullable and not, `max_length`, unsigned, enums and other unknown types (generated into `sql_types` per
-- column), composite keys, foreign keys (two to the same table, a self reference, a composite one) and names
-- that need `#[sql_name]`.
CREATE TABLE users (
    id INTEGER AUTO_INCREMENT PRIMARY KEY,
    email VARCHAR(255) NOT NULL,
    nickname VARCHAR(50),
    status ENUM('active', 'banned') NOT NULL,
    `type` TEXT,
    created_at DATETIME NOT NULL
) ENGINE = InnoDB;

CREATE TABLE all_types (
    id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
    flag BOOL NOT NULL,
    tiny TINYINT,
    small SMALLINT NOT NULL,
    medium MEDIUMINT,
    int_col INT NOT NULL,
    int_unsigned INT UNSIGNED,
    big BIGINT,
    float_col FLOAT,
    double_col DOUBLE NOT NULL,
    decimal_col DECIMAL(10, 2),
    char_col CHAR(10),
    varchar_col VARCHAR(120) NOT NULL,
    tinytext_col TINYTEXT,
    text_col TEXT,
    mediumtext_col MEDIUMTEXT,
    longtext_col LONGTEXT,
    binary_col BINARY(16),
    varbinary_col VARBINARY(64),
    tinyblob_col TINYBLOB,
    blob_col BLOB,
    mediumblob_col MEDIUMBLOB,
    longblob_col LONGBLOB,
    bit_col BIT(1),
    date_col DATE,
    time_col TIME,
    datetime_col DATETIME,
    timestamp_col TIMESTAMP NULL,
    year_col YEAR,
    json_col JSON,
    size ENUM('s', 'm', 'l')
) ENGINE = InnoDB;

CREATE TABLE posts (
    id INTEGER AUTO_INCREMENT PRIMARY KEY,
    author_id INTEGER NOT NULL,
    editor_id INTEGER,
    title VARCHAR(200) NOT NULL,
    FOREIGN KEY (author_id) REFERENCES users (id),
    FOREIGN KEY (editor_id) REFERENCES users (id)
) ENGINE = InnoDB;

CREATE TABLE comments (
    id INTEGER AUTO_INCREMENT PRIMARY KEY,
    post_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    body TEXT NOT NULL,
    FOREIGN KEY (post_id) REFERENCES posts (id),
    FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE = InnoDB;

CREATE TABLE `groups` (
    id INTEGER AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(100) NOT NULL
) ENGINE = InnoDB;

CREATE TABLE members (
    user_id INTEGER NOT NULL,
    group_id INTEGER NOT NULL,
    role VARCHAR(20) NOT NULL,
    PRIMARY KEY (user_id, group_id),
    FOREIGN KEY (user_id) REFERENCES users (id),
    FOREIGN KEY (group_id) REFERENCES `groups` (id)
) ENGINE = InnoDB;

CREATE TABLE notes (
    id INTEGER AUTO_INCREMENT PRIMARY KEY,
    user_id INTEGER NOT NULL,
    group_id INTEGER NOT NULL,
    note TEXT NOT NULL,
    FOREIGN KEY (user_id, group_id) REFERENCES members (user_id, group_id)
) ENGINE = InnoDB;

CREATE TABLE tree (
    id INTEGER AUTO_INCREMENT PRIMARY KEY,
    parent_id INTEGER,
    FOREIGN KEY (parent_id) REFERENCES tree (id)
) ENGINE = InnoDB;

CREATE TABLE `Line Items` (
    order_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    qty INTEGER UNSIGNED NOT NULL,
    PRIMARY KEY (order_id, line)
) ENGINE = InnoDB;

CREATE TABLE tags (id INTEGER PRIMARY KEY, label VARCHAR(30)) ENGINE = InnoDB;
CREATE TABLE likes (id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL REFERENCES posts (id)) ENGINE = InnoDB;
CREATE TABLE follows (id INTEGER PRIMARY KEY) ENGINE = InnoDB;
CREATE TABLE photos (id INTEGER PRIMARY KEY) ENGINE = InnoDB;
CREATE TABLE videos (id INTEGER PRIMARY KEY) ENGINE = InnoDB;
CREATE TABLE albums (id INTEGER PRIMARY KEY) ENGINE = InnoDB;
