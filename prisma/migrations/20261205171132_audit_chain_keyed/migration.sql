-- AlterTable
ALTER TABLE "audit_chain_head" ADD COLUMN     "keyed_from" INTEGER,
ADD COLUMN     "mac" TEXT;

-- AlterTable
ALTER TABLE "audit_log" ADD COLUMN     "keyed" BOOLEAN NOT NULL DEFAULT false;


-- Sealing an entry written before the chain may not change its algorithm either.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.hash IS NULL AND NEW.hash IS NOT NULL
     AND (OLD.id, OLD.at, OLD.actor_id, OLD.actor_email, OLD.action, OLD.incident_id, OLD.target_type,
          OLD.target_id, OLD.detail::text, OLD.ip, OLD.keyed)
         IS NOT DISTINCT FROM
         (NEW.id, NEW.at, NEW.actor_id, NEW.actor_email, NEW.action, NEW.incident_id, NEW.target_type,
          NEW.target_id, NEW.detail::text, NEW.ip, NEW.keyed) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = '42501';
END
$$;

-- Entries so far keep their plain SHA-256 links; every later one is keyed.
UPDATE "audit_chain_head" SET "keyed_from" = "last_id" + 1;

-- The app's database role (when it is not the owner: see server/db/migrate.ts,
-- grantAppRole) may read the head but not write it: it locks the head and
-- moves it forward through these two functions, which run as their owner.
-- audit_chain_advance checks that the new entries continue the chain from the
-- head (contiguous ids, the first linked to the head's hash, all keyed); it
-- cannot check the HMACs (it has no key): `breachdesk audit verify` does.
CREATE FUNCTION audit_chain_lock() RETURNS TABLE (head_last_id integer, head_hash text, head_keyed_from integer)
LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  INSERT INTO audit_chain_head (id, last_id, hash, keyed_from) VALUES (1, 0, repeat('0', 64), 1)
    ON CONFLICT (id) DO NOTHING;
  RETURN QUERY SELECT h.last_id, h.hash, h.keyed_from FROM audit_chain_head h WHERE h.id = 1 FOR UPDATE;
END
$$;

CREATE FUNCTION audit_chain_advance(p_last_id integer, p_mac text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
  h audit_chain_head%ROWTYPE;
  v_keyed_from integer;
  n integer;
  unkeyed integer;
  first_prev text;
  new_hash text;
BEGIN
  SELECT * INTO h FROM audit_chain_head WHERE id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'audit_chain_head is missing';
  END IF;
  IF p_last_id <= h.last_id THEN
    RAISE EXCEPTION 'the audit chain head only moves forward (% to %)', h.last_id, p_last_id USING ERRCODE = '42501';
  END IF;
  v_keyed_from := coalesce(h.keyed_from, h.last_id + 1);
  SELECT count(*)::int, (count(*) FILTER (WHERE NOT a.keyed AND a.id >= v_keyed_from))::int INTO n, unkeyed
    FROM audit_log a WHERE a.id > h.last_id AND a.id <= p_last_id;
  SELECT a.prev_hash INTO first_prev FROM audit_log a WHERE a.id = h.last_id + 1;
  SELECT a.hash INTO new_hash FROM audit_log a WHERE a.id = p_last_id;
  IF n <> p_last_id - h.last_id OR unkeyed > 0 OR first_prev IS DISTINCT FROM h.hash OR new_hash IS NULL THEN
    RAISE EXCEPTION 'audit entries % to % do not continue the chain', h.last_id + 1, p_last_id USING ERRCODE = '42501';
  END IF;
  UPDATE audit_chain_head SET last_id = p_last_id, hash = new_hash, keyed_from = v_keyed_from, mac = p_mac WHERE id = 1;
END
$$;

-- A SECURITY DEFINER function must not find its tables through a schema the
-- caller can write first (pg_temp is searched first unless named last).
DO $$
BEGIN
  EXECUTE format('ALTER FUNCTION audit_chain_lock() SET search_path = %I, pg_temp', current_schema());
  EXECUTE format('ALTER FUNCTION audit_chain_advance(integer, text) SET search_path = %I, pg_temp', current_schema());
END
$$;
REVOKE ALL ON FUNCTION audit_chain_lock() FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_chain_advance(integer, text) FROM PUBLIC;
