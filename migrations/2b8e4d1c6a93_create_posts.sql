-- Revision ID: 2b8e4d1c6a93
-- Revises: 1f3a9c2b7d40
-- Message: create posts
-- Create Date: 2026-11-21 09:10:00

-- migrate:up
CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    title VARCHAR(200) NOT NULL
);
INSERT INTO posts (id, user_id, title) VALUES (0, 0, 'placeholder');

-- migrate:down
DROP TABLE posts;
