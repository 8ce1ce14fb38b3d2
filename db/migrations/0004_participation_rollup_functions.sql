-- Rollups of participation kept by the database (see docs/adr/0005-counting-participation.md).

-- Sessions per ward and London day, and the minutes they offered (capacity × length; without a
-- capacity, the people who came × length, from session_totals). Kept by triggers so every writer
-- (the sessions service, seeding, imports) keeps it true.
CREATE FUNCTION sessions_daily_bump(p_place uuid, p_area uuid, p_starts timestamptz, p_sessions int, p_minutes bigint)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO sessions_daily (place_id, area_key, day, sessions, offered_minutes)
  VALUES (p_place, coalesce(p_area, '00000000-0000-0000-0000-000000000000'::uuid),
          (p_starts AT TIME ZONE 'Europe/London')::date, p_sessions, p_minutes)
  ON CONFLICT (place_id, area_key, day) DO UPDATE
    SET sessions = sessions_daily.sessions + excluded.sessions,
        offered_minutes = sessions_daily.offered_minutes + excluded.offered_minutes
$$;
--> statement-breakpoint
CREATE FUNCTION sessions_daily_offered(p_session uuid, p_duration int, p_capacity int) RETURNS bigint
LANGUAGE sql STABLE AS $$
  SELECT p_duration::bigint * coalesce(p_capacity,
    (SELECT t.named_attendances + t.headcount FROM session_totals t WHERE t.session_id = p_session), 0)
$$;
--> statement-breakpoint
CREATE FUNCTION sessions_daily_on_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Deletions are taken off BEFORE the row goes, while its session_totals row (deleted by the
  -- foreign key's cascade) can still be read.
  IF tg_op IN ('UPDATE', 'DELETE') AND old.cancelled_at IS NULL THEN
    PERFORM sessions_daily_bump(old.place_id, old.area_id, old.starts_at, -1,
      -sessions_daily_offered(old.id, old.duration_minutes, old.capacity));
  END IF;
  IF tg_op IN ('INSERT', 'UPDATE') AND new.cancelled_at IS NULL THEN
    PERFORM sessions_daily_bump(new.place_id, new.area_id, new.starts_at, 1,
      sessions_daily_offered(new.id, new.duration_minutes, new.capacity));
  END IF;
  IF tg_op = 'DELETE' THEN RETURN old; END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_daily_on_change AFTER INSERT OR UPDATE OF starts_at, duration_minutes, capacity, area_id, cancelled_at
  ON sessions FOR EACH ROW EXECUTE FUNCTION sessions_daily_on_session();
--> statement-breakpoint
CREATE TRIGGER sessions_daily_on_delete BEFORE DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION sessions_daily_on_session();
--> statement-breakpoint
CREATE FUNCTION sessions_daily_on_totals() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s record;
  came_before int := 0;
  came_after int := 0;
BEGIN
  IF tg_op IN ('UPDATE', 'DELETE') THEN came_before := old.named_attendances + old.headcount; END IF;
  IF tg_op IN ('INSERT', 'UPDATE') THEN came_after := new.named_attendances + new.headcount; END IF;
  -- Only sessions without a capacity offer what the people who came used; a session being
  -- deleted is no longer found here and was taken off whole by its own trigger.
  SELECT place_id, area_id, starts_at, duration_minutes INTO s FROM sessions
   WHERE id = coalesce(new.session_id, old.session_id) AND capacity IS NULL AND cancelled_at IS NULL;
  IF found AND came_after <> came_before THEN
    PERFORM sessions_daily_bump(s.place_id, s.area_id, s.starts_at, 0,
      s.duration_minutes::bigint * (came_after - came_before));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_daily_on_totals AFTER INSERT OR UPDATE OR DELETE ON session_totals
  FOR EACH ROW EXECUTE FUNCTION sessions_daily_on_totals();
--> statement-breakpoint
-- Each person's previous and next month in the same scope, for some people of a place (all with p_users null).
CREATE FUNCTION participation_set_pointers(p_place uuid, p_users uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE participant_months pm SET prev_month = x.prev_month, next_month = x.next_month
  FROM (SELECT area_key, user_id, month,
               lag(month) OVER w AS prev_month, lead(month) OVER w AS next_month
        FROM participant_months
        WHERE place_id = p_place AND (p_users IS NULL OR user_id = ANY (p_users))
        WINDOW w AS (PARTITION BY area_key, user_id ORDER BY month)) x
  WHERE pm.place_id = p_place AND pm.area_key = x.area_key AND pm.user_id = x.user_id AND pm.month = x.month
    AND (pm.prev_month IS DISTINCT FROM x.prev_month OR pm.next_month IS DISTINCT FROM x.next_month)
$$;
--> statement-breakpoint
-- participation_month_links of a place, from participant_months.
CREATE FUNCTION participation_rebuild_links(p_place uuid) RETURNS void LANGUAGE sql AS $$
  DELETE FROM participation_month_links WHERE place_id = p_place;
  INSERT INTO participation_month_links (place_id, area_key, k, month, prev_month, people)
  SELECT p_place, area_key, v.k, month, v.prev_month, count(*)::int
  FROM (SELECT area_key, month,
               coalesce(lag(month, 1) OVER w, DATE '1900-01-01') AS p1,
               coalesce(lag(month, 2) OVER w, DATE '1900-01-01') AS p2,
               coalesce(lag(month, 3) OVER w, DATE '1900-01-01') AS p3
        FROM participant_months WHERE place_id = p_place
        WINDOW w AS (PARTITION BY area_key, user_id ORDER BY month)) x
  CROSS JOIN LATERAL (VALUES (1::smallint, x.p1), (2::smallint, x.p2), (3::smallint, x.p3)) v(k, prev_month)
  GROUP BY area_key, v.k, month, v.prev_month;
$$;
--> statement-breakpoint
-- Existing data: whole-place rows of participant_months, their pointers, the links and sessions_daily.
INSERT INTO participant_months (place_id, user_id, area_key, month, attendances, days)
SELECT place_id, user_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid, month, sum(attendances)::int, bit_or(days)
FROM participant_months GROUP BY place_id, user_id, month
ON CONFLICT DO NOTHING;
--> statement-breakpoint
SELECT participation_set_pointers(id, NULL), participation_rebuild_links(id) FROM places;
--> statement-breakpoint
INSERT INTO sessions_daily (place_id, area_key, day, sessions, offered_minutes)
SELECT place_id, coalesce(area_id, '00000000-0000-0000-0000-000000000000'::uuid),
       (starts_at AT TIME ZONE 'Europe/London')::date, count(*)::int,
       sum(sessions_daily_offered(id, duration_minutes, capacity))
FROM sessions WHERE cancelled_at IS NULL GROUP BY 1, 2, 3;
