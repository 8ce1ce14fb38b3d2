CREATE TABLE "participation_sessions" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"place_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"area_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"capacity" integer,
	"cancelled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "participation_sessions" ADD CONSTRAINT "participation_sessions_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participation_sessions" ADD CONSTRAINT "participation_sessions_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "participation_sessions_place_start_idx" ON "participation_sessions" USING btree ("place_id","starts_at");--> statement-breakpoint
CREATE INDEX "participation_sessions_project_start_idx" ON "participation_sessions" USING btree ("place_id","project_id","starts_at");