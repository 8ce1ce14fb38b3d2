CREATE TABLE "capacity_asks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"reach" text NOT NULL,
	"kinds" text[] NOT NULL,
	"message" text NOT NULL,
	"recipients" integer NOT NULL,
	"asked_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "capacity_asks_reach_check" CHECK (reach in ('ward', 'place'))
);
--> statement-breakpoint
CREATE TABLE "capacity_needs" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"place_id" uuid NOT NULL,
	"kinds" text[] NOT NULL,
	"description" text NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "capacity_needs_kinds_check" CHECK (cardinality(kinds) between 1 and 5 and kinds <@ array['skills', 'passions', 'time', 'space', 'kit']::text[])
);
--> statement-breakpoint
CREATE TABLE "capacity_offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kinds" text[] NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"count_in_ward" boolean DEFAULT false NOT NULL,
	"may_be_asked" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "capacity_offers_kinds_check" CHECK (cardinality(kinds) between 1 and 5 and kinds <@ array['skills', 'passions', 'time', 'space', 'kit']::text[])
);
--> statement-breakpoint
ALTER TABLE "capacity_asks" ADD CONSTRAINT "capacity_asks_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_asks" ADD CONSTRAINT "capacity_asks_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_asks" ADD CONSTRAINT "capacity_asks_asked_by_users_id_fk" FOREIGN KEY ("asked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_needs" ADD CONSTRAINT "capacity_needs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_needs" ADD CONSTRAINT "capacity_needs_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_needs" ADD CONSTRAINT "capacity_needs_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_offers" ADD CONSTRAINT "capacity_offers_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_offers" ADD CONSTRAINT "capacity_offers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "capacity_asks_project_idx" ON "capacity_asks" USING btree ("place_id","project_id","created_at");--> statement-breakpoint
CREATE INDEX "capacity_asks_asked_by_idx" ON "capacity_asks" USING btree ("asked_by");--> statement-breakpoint
CREATE INDEX "capacity_needs_place_idx" ON "capacity_needs" USING btree ("place_id");--> statement-breakpoint
CREATE UNIQUE INDEX "capacity_offers_place_user_idx" ON "capacity_offers" USING btree ("place_id","user_id");--> statement-breakpoint
CREATE INDEX "capacity_offers_user_idx" ON "capacity_offers" USING btree ("user_id");