ALTER TABLE "sessions" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "session_series_place_updated_idx" ON "session_series" USING btree ("place_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "sessions_place_updated_idx" ON "sessions" USING btree ("place_id","updated_at","id");--> statement-breakpoint
-- The change marker of sessions and series, for the open data feeds (docs/open-data-feeds.md).
-- Kept by triggers, so every writer (scheduling, changing, cancelling, booking, seeds, imports)
-- moves it. A strictly later whole millisecond each time: RPDE harvesters page by
-- (modified, id) and remember the last pair, so a row changed twice in one millisecond must
-- still move forward or the second change would be missed.
UPDATE "sessions" SET "updated_at" = date_trunc('milliseconds', "updated_at");
--> statement-breakpoint
UPDATE "session_series" SET "updated_at" = date_trunc('milliseconds', "updated_at");
--> statement-breakpoint
CREATE FUNCTION sessions_feed_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF tg_op = 'INSERT' THEN
    new.updated_at := date_trunc('milliseconds', clock_timestamp());
  ELSE
    new.updated_at := greatest(date_trunc('milliseconds', clock_timestamp()),
                               old.updated_at + interval '1 millisecond');
  END IF;
  RETURN new;
END
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_feed_touch BEFORE INSERT OR UPDATE ON "sessions"
  FOR EACH ROW EXECUTE FUNCTION sessions_feed_touch();
--> statement-breakpoint
CREATE TRIGGER session_series_feed_touch BEFORE INSERT OR UPDATE ON "session_series"
  FOR EACH ROW EXECUTE FUNCTION sessions_feed_touch();
--> statement-breakpoint
-- A booking made, cancelled or promoted changes the places left in its session; so does one that
-- goes with its person's account. (When the session itself goes, the update finds no row.)
CREATE FUNCTION sessions_feed_on_booking() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF tg_op = 'DELETE' THEN
    IF old.status = 'booked' THEN
      UPDATE "sessions" SET "updated_at" = "updated_at" WHERE "id" = old.session_id;
    END IF;
  ELSE
    UPDATE "sessions" SET "updated_at" = "updated_at" WHERE "id" = new.session_id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_feed_on_booking AFTER INSERT OR UPDATE OF status OR DELETE ON "bookings"
  FOR EACH ROW EXECUTE FUNCTION sessions_feed_on_booking();
--> statement-breakpoint
-- A project published, taken down or renamed changes whether and how its series and sessions are
-- published, so they move too (the sessions module's rows, reacting to their parent's change).
CREATE FUNCTION sessions_feed_on_project() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "session_series" SET "updated_at" = "updated_at" WHERE "place_id" = new.place_id AND "project_id" = new.id;
  UPDATE "sessions" SET "updated_at" = "updated_at" WHERE "project_id" = new.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_feed_on_project AFTER UPDATE OF status, title, summary, category ON "projects"
  FOR EACH ROW
  WHEN (old.status IS DISTINCT FROM new.status OR old.title IS DISTINCT FROM new.title
        OR old.summary IS DISTINCT FROM new.summary OR old.category IS DISTINCT FROM new.category)
  EXECUTE FUNCTION sessions_feed_on_project();
