#!/usr/bin/env bash
# Regenerates db/migrations from db/schema. Until the first release ships there is one baseline migration
# plus the hand-written append-only triggers; after that, use `npm run db:generate -- --name=<what>` instead.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>/tmp/duban-dbgen.lock; flock 9
rm -rf db/migrations
npx drizzle-kit generate --name=core_schema
npx drizzle-kit generate --custom --name=append_only_triggers
f=$(ls db/migrations/*append_only_triggers.sql)
cp db/sql/append-only.sql "$f"
