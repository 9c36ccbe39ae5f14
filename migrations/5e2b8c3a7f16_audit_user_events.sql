-- Revision ID: 5e2b8c3a7f16
-- Revises: 4d9a1f6e2c75
-- Message: audit user events
-- Create Date: 2026-11-21 09:40:00
-- Depends On: 1f3a9c2b7d40

-- migrate:up
CREATE TABLE audit_user_events (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    event VARCHAR(50) NOT NULL
);

-- migrate:down
DROP TABLE audit_user_events;
