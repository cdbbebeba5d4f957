-- The Exposed accounts table sorts by balance and by last event on
-- coalesce(balance_usd_cents, -1) and coalesce(last_event_at, 'epoch')
-- (server/triage/list-triage-entries.ts), which these indexes on the bare
-- columns cannot serve: the planner never used them, and every large import
-- built them (about a fifth of ranking a million addresses).

-- DropIndex
DROP INDEX "triage_entries_incident_id_balance_usd_cents_id_idx";

-- DropIndex
DROP INDEX "triage_entries_incident_id_last_event_at_id_idx";
