-- participation_visit_counts replaces participation_month_links and the previous/next-month pointers
-- (see docs/adr/0005-counting-participation.md).
DROP FUNCTION participation_set_pointers(uuid, uuid[]);
--> statement-breakpoint
DROP FUNCTION participation_rebuild_links(uuid);
--> statement-breakpoint
-- A place's participation_visit_counts from its attendances: each visit (a person's day in a scope:
-- a ward, no ward, or the whole place) with their previous visit, at month and day grain.
CREATE FUNCTION participation_rebuild_visit_counts(p_place uuid) RETURNS void LANGUAGE sql AS $$
  DELETE FROM participation_visit_counts WHERE place_id = p_place;
  WITH visits AS (
    SELECT area_key, user_id, day, lag(day) OVER (PARTITION BY area_key, user_id ORDER BY day) AS prev
    FROM (SELECT DISTINCT coalesce(area_id, '00000000-0000-0000-0000-000000000000'::uuid) AS area_key, user_id, day
          FROM attendances WHERE place_id = p_place
          UNION ALL
          SELECT DISTINCT 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid, user_id, day
          FROM attendances WHERE place_id = p_place) v
  ), months AS (
    SELECT area_key, user_id, month, first_day, last_day,
           lag(month, 1) OVER w AS p1, lag(month, 2) OVER w AS p2, lag(month, 3) OVER w AS p3,
           lag(last_day) OVER w AS prev_last_day
    FROM (SELECT area_key, user_id, date_trunc('month', day)::date AS month,
                 min(extract(day FROM day))::int AS first_day, max(extract(day FROM day))::int AS last_day
          FROM visits GROUP BY 1, 2, 3) m
    WINDOW w AS (PARTITION BY area_key, user_id ORDER BY month)
  )
  INSERT INTO participation_visit_counts (place_id, kind, month, area_key, other_month, day, other_day, people)
  SELECT p_place, kind, month, area_key, other_month, day, other_day, count(*)::int
  FROM (
    SELECT 1::smallint AS kind, month, area_key, coalesce(p1, DATE '1900-01-01') AS other_month,
           0::smallint AS day, 0::smallint AS other_day FROM months
    UNION ALL SELECT 2::smallint, month, area_key, coalesce(p2, DATE '1900-01-01'), 0::smallint, 0::smallint FROM months
    UNION ALL SELECT 3::smallint, month, area_key, coalesce(p3, DATE '1900-01-01'), 0::smallint, 0::smallint FROM months
    UNION ALL SELECT 4::smallint, date_trunc('month', day)::date, area_key, DATE '1900-01-01',
                     extract(day FROM day)::smallint, extract(day FROM prev)::smallint
              FROM visits WHERE date_trunc('month', prev) = date_trunc('month', day)
    UNION ALL SELECT 5::smallint, month, area_key, coalesce(p1, DATE '1900-01-01'), first_day::smallint, 0::smallint FROM months
    UNION ALL SELECT 6::smallint, p1, area_key, month, 0::smallint, prev_last_day::smallint FROM months WHERE p1 IS NOT NULL
    UNION ALL SELECT 7::smallint, p1, area_key, month, first_day::smallint, prev_last_day::smallint FROM months WHERE p1 IS NOT NULL
  ) counted
  GROUP BY kind, month, area_key, other_month, day, other_day;
$$;
--> statement-breakpoint
SELECT participation_rebuild_visit_counts(id) FROM places;
