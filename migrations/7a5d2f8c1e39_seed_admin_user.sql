-- Revision ID: 7a5d2f8c1e39
-- Revises: 6f1c4b9e8d27
-- Message: seed admin user
-- Create Date: 2026-11-21 10:00:00

-- A data migration with no down section: it is irreversible, and any downgrade that would need to undo it is
-- refused before anything runs.

-- migrate:up
INSERT INTO users (id, name) VALUES (1, 'admin');
INSERT INTO audit_log (id, message) VALUES (1, 'seeded admin user');
