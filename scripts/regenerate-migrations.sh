#!/usr/bin/env bash
# Rebuilds db/migrations from the schema files: ONLY until the first release lands. After that,
# never rewrite a migration: add one with `npm run db:generate -- --name what-changed`.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf db/migrations
npx drizzle-kit generate --name foundation >/dev/null
npx drizzle-kit generate --custom --name audit_append_only >/dev/null
cp db/custom/audit_append_only.sql db/migrations/0001_audit_append_only.sql
ls db/migrations
