-- Revision ID: 6f1c4b9e8d27
-- Revises: 3c7d2e9f1b84, 5e2b8c3a7f16
-- Message: merge audit into main
-- Create Date: 2026-11-21 09:50:00

-- migrate:up

-- migrate:down
