-- Participation's copy of the session facts it counts (docs/adr/0005-counting-participation.md):
-- kept by a trigger on the sessions module's table, so that every writer (scheduling, changing,
-- cancelling, seeds, imports) keeps it true and no participation query reads `sessions`. The
-- rollup of sessions and hours offered (sessions_daily) is now kept from the copy.
CREATE FUNCTION participation_sessions_copy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF tg_op = 'DELETE' THEN
    -- Before the session goes, while its session_totals row (deleted by the foreign key's
    -- cascade) can still be read by the copy's own trigger below.
    DELETE FROM participation_sessions WHERE session_id = old.id;
    RETURN old;
  END IF;
  INSERT INTO participation_sessions
    (session_id, place_id, project_id, area_id, starts_at, duration_minutes, capacity, cancelled_at)
  VALUES (new.id, new.place_id, new.project_id, new.area_id, new.starts_at, new.duration_minutes, new.capacity,
          new.cancelled_at)
  ON CONFLICT (session_id) DO UPDATE
    SET project_id = excluded.project_id, area_id = excluded.area_id, starts_at = excluded.starts_at,
        duration_minutes = excluded.duration_minutes, capacity = excluded.capacity,
        cancelled_at = excluded.cancelled_at;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER sessions_daily_on_change ON sessions;
--> statement-breakpoint
DROP TRIGGER sessions_daily_on_delete ON sessions;
--> statement-breakpoint
DROP FUNCTION sessions_daily_on_session();
--> statement-breakpoint
-- Existing sessions (sessions_daily already counts them, so its trigger on the copy comes after).
INSERT INTO participation_sessions
  (session_id, place_id, project_id, area_id, starts_at, duration_minutes, capacity, cancelled_at)
SELECT id, place_id, project_id, area_id, starts_at, duration_minutes, capacity, cancelled_at FROM sessions;
--> statement-breakpoint
CREATE TRIGGER participation_sessions_on_change
  AFTER INSERT OR UPDATE OF project_id, area_id, starts_at, duration_minutes, capacity, cancelled_at
  ON sessions FOR EACH ROW EXECUTE FUNCTION participation_sessions_copy();
--> statement-breakpoint
CREATE TRIGGER participation_sessions_on_delete BEFORE DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION participation_sessions_copy();
--> statement-breakpoint
-- Sessions (not cancelled) per ward and London day and the minutes they offered, from the copy.
CREATE FUNCTION sessions_daily_on_copy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF tg_op IN ('UPDATE', 'DELETE') AND old.cancelled_at IS NULL THEN
    PERFORM sessions_daily_bump(old.place_id, old.area_id, old.starts_at, -1,
      -sessions_daily_offered(old.session_id, old.duration_minutes, old.capacity));
  END IF;
  IF tg_op IN ('INSERT', 'UPDATE') AND new.cancelled_at IS NULL THEN
    PERFORM sessions_daily_bump(new.place_id, new.area_id, new.starts_at, 1,
      sessions_daily_offered(new.session_id, new.duration_minutes, new.capacity));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_daily_on_change AFTER INSERT OR UPDATE OR DELETE ON participation_sessions
  FOR EACH ROW EXECUTE FUNCTION sessions_daily_on_copy();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sessions_daily_on_totals() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s record;
  came_before int := 0;
  came_after int := 0;
BEGIN
  IF tg_op IN ('UPDATE', 'DELETE') THEN came_before := old.named_attendances + old.headcount; END IF;
  IF tg_op IN ('INSERT', 'UPDATE') THEN came_after := new.named_attendances + new.headcount; END IF;
  -- Only sessions without a capacity offer what the people who came used; a session being
  -- deleted is no longer in the copy and was taken off whole by the copy's trigger.
  SELECT place_id, area_id, starts_at, duration_minutes INTO s FROM participation_sessions
   WHERE session_id = coalesce(new.session_id, old.session_id) AND capacity IS NULL AND cancelled_at IS NULL;
  IF found AND came_after <> came_before THEN
    PERFORM sessions_daily_bump(s.place_id, s.area_id, s.starts_at, 0,
      s.duration_minutes::bigint * (came_after - came_before));
  END IF;
  RETURN NULL;
END
$$;
