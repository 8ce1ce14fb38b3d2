CREATE TABLE "conversation_analyses" (
	"conversation_id" uuid PRIMARY KEY NOT NULL,
	"place_id" uuid NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"vote_count" integer NOT NULL,
	"participant_count" integer NOT NULL,
	"duration_ms" integer NOT NULL,
	"result" jsonb NOT NULL,
	"stability" jsonb
);
--> statement-breakpoint
CREATE TABLE "conversation_commitments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"text" text NOT NULL,
	"owner" text NOT NULL,
	"due_date" date,
	"status" text DEFAULT 'not_started' NOT NULL,
	"done_at" timestamp with time zone,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_commitments_status_check" CHECK ("conversation_commitments"."status" in ('not_started', 'in_progress', 'done'))
);
--> statement-breakpoint
CREATE TABLE "conversation_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"source_url" text,
	"licence" text NOT NULL,
	"attribution" text NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"imported_by" uuid,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversation_outcomes" (
	"conversation_id" uuid PRIMARY KEY NOT NULL,
	"place_id" uuid NOT NULL,
	"what_we_heard" text DEFAULT '' NOT NULL,
	"what_we_cannot_do" text DEFAULT '' NOT NULL,
	"what_residents_could_take_on" text DEFAULT '' NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"notified_at" timestamp with time zone,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversation_participants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"user_id" uuid,
	"token_hash" text,
	"external_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversation_statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"text" text NOT NULL,
	"text_key" text NOT NULL,
	"author_participant_id" uuid,
	"is_seed" boolean DEFAULT false NOT NULL,
	"is_meta" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"moderation_reason" text,
	"moderated_by" uuid,
	"moderated_at" timestamp with time zone,
	"external_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_statements_status_check" CHECK ("conversation_statements"."status" in ('pending', 'accepted', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "conversation_votes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "conversation_votes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"place_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"statement_id" uuid NOT NULL,
	"value" smallint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_votes_value_check" CHECK ("conversation_votes"."value" in (-1, 0, 1))
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"question" text NOT NULL,
	"context" text DEFAULT '' NOT NULL,
	"opens_at" timestamp with time zone,
	"closes_at" timestamp with time zone,
	"audience" text DEFAULT 'residents' NOT NULL,
	"anonymous_allowed" boolean DEFAULT false NOT NULL,
	"moderation" text DEFAULT 'strict' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"next_statement_number" integer DEFAULT 0 NOT NULL,
	"next_participant_number" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversations_audience_check" CHECK ("conversations"."audience" in ('residents', 'link')),
	CONSTRAINT "conversations_moderation_check" CHECK ("conversations"."moderation" in ('strict', 'permissive')),
	CONSTRAINT "conversations_status_check" CHECK ("conversations"."status" in ('draft', 'open', 'closed'))
);
--> statement-breakpoint
ALTER TABLE "conversation_analyses" ADD CONSTRAINT "conversation_analyses_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_analyses" ADD CONSTRAINT "conversation_analyses_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_commitments" ADD CONSTRAINT "conversation_commitments_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_commitments" ADD CONSTRAINT "conversation_commitments_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_imports" ADD CONSTRAINT "conversation_imports_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_imports" ADD CONSTRAINT "conversation_imports_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_imports" ADD CONSTRAINT "conversation_imports_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_outcomes" ADD CONSTRAINT "conversation_outcomes_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_outcomes" ADD CONSTRAINT "conversation_outcomes_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_outcomes" ADD CONSTRAINT "conversation_outcomes_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_outcomes" ADD CONSTRAINT "conversation_outcomes_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_participants" ADD CONSTRAINT "conversation_participants_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_participants" ADD CONSTRAINT "conversation_participants_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_participants" ADD CONSTRAINT "conversation_participants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_statements" ADD CONSTRAINT "conversation_statements_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_statements" ADD CONSTRAINT "conversation_statements_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_statements" ADD CONSTRAINT "conversation_statements_author_participant_id_conversation_participants_id_fk" FOREIGN KEY ("author_participant_id") REFERENCES "public"."conversation_participants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_statements" ADD CONSTRAINT "conversation_statements_moderated_by_users_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_votes" ADD CONSTRAINT "conversation_votes_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_votes" ADD CONSTRAINT "conversation_votes_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_votes" ADD CONSTRAINT "conversation_votes_participant_id_conversation_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."conversation_participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_votes" ADD CONSTRAINT "conversation_votes_statement_id_conversation_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."conversation_statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversation_commitments_conversation_idx" ON "conversation_commitments" USING btree ("conversation_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "conversation_imports_conversation_idx" ON "conversation_imports" USING btree ("conversation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "conversation_participants_number_idx" ON "conversation_participants" USING btree ("conversation_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "conversation_participants_user_idx" ON "conversation_participants" USING btree ("conversation_id","user_id") WHERE "conversation_participants"."user_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "conversation_participants_token_idx" ON "conversation_participants" USING btree ("conversation_id","token_hash") WHERE "conversation_participants"."token_hash" is not null;--> statement-breakpoint
CREATE INDEX "conversation_participants_place_user_idx" ON "conversation_participants" USING btree ("place_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "conversation_statements_number_idx" ON "conversation_statements" USING btree ("conversation_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "conversation_statements_text_idx" ON "conversation_statements" USING btree ("conversation_id","text_key") WHERE "conversation_statements"."external_id" is null;--> statement-breakpoint
CREATE INDEX "conversation_statements_status_idx" ON "conversation_statements" USING btree ("conversation_id","status");--> statement-breakpoint
CREATE INDEX "conversation_statements_author_idx" ON "conversation_statements" USING btree ("author_participant_id","created_at");--> statement-breakpoint
CREATE INDEX "conversation_votes_conversation_idx" ON "conversation_votes" USING btree ("conversation_id","id");--> statement-breakpoint
CREATE INDEX "conversation_votes_participant_idx" ON "conversation_votes" USING btree ("participant_id","statement_id","id");--> statement-breakpoint
CREATE INDEX "conversation_votes_participant_time_idx" ON "conversation_votes" USING btree ("participant_id","created_at");--> statement-breakpoint
CREATE INDEX "conversations_place_status_idx" ON "conversations" USING btree ("place_id","status","created_at");