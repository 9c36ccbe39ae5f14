-- Revision ID: 1f3a9c2b7d40
-- Revises:
-- Message: create users
-- Create Date: 2026-11-21 09:00:00

-- migrate:up
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name VARCHAR(100) NOT NULL
);

-- migrate:down
DROP TABLE users;
