ALTER TABLE "projects" ADD COLUMN "threshold_met_at" timestamp with time zone;--> statement-breakpoint
-- Until now the audit log was the record of a met threshold: carry it over, so no project's
-- organisers are emailed a second time.
UPDATE "projects" p SET "threshold_met_at" = (
  SELECT min(a."at") FROM "audit_events" a
  WHERE a."place_id" = p."place_id" AND a."action" = 'project.threshold_met' AND a."subject_id" = p."id"::text
);
