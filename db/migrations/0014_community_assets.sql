CREATE TABLE "community_assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"offers" text DEFAULT '' NOT NULL,
	"area_id" uuid,
	"address" text DEFAULT '' NOT NULL,
	"contact" text DEFAULT '' NOT NULL,
	"opening_times" text DEFAULT '' NOT NULL,
	"accessibility" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'suggested' NOT NULL,
	"decline_reason" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_assets_category_check" CHECK (category in ('association', 'institution', 'place', 'economic', 'culture')),
	CONSTRAINT "community_assets_status_check" CHECK (status in ('suggested', 'public', 'declined'))
);
--> statement-breakpoint
ALTER TABLE "community_assets" ADD CONSTRAINT "community_assets_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_assets" ADD CONSTRAINT "community_assets_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_assets" ADD CONSTRAINT "community_assets_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_assets" ADD CONSTRAINT "community_assets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "community_assets_place_status_idx" ON "community_assets" USING btree ("place_id","status","name");--> statement-breakpoint
CREATE INDEX "community_assets_created_by_idx" ON "community_assets" USING btree ("created_by");