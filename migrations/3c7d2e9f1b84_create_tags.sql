-- Revision ID: 3c7d2e9f1b84
-- Revises: 2b8e4d1c6a93
-- Message: create tags outside a transaction
-- Create Date: 2026-11-21 09:20:00
-- Transactional: false

-- Runs outside a transaction (as `CREATE INDEX CONCURRENTLY` on PostgreSQL would have to): migrate marks it
-- `running` in the history before it starts and `applied` after it ends.

-- migrate:up
CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL,
    name VARCHAR(50) NOT NULL
);

-- migrate:down
DROP TABLE tags;
