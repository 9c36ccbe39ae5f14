-- Revision ID: 4d9a1f6e2c75
-- Revises:
-- Message: create audit log
-- Create Date: 2026-11-21 09:30:00
-- Branch Labels: audit

-- migrate:up
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    message VARCHAR(200) NOT NULL
);

-- migrate:down
DROP TABLE audit_log;
