CREATE TABLE "conversation_commitment_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"commitment_id" uuid NOT NULL,
	"status" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_commitment_updates_status_check" CHECK ("conversation_commitment_updates"."status" in ('not_started', 'in_progress', 'done'))
);
--> statement-breakpoint
ALTER TABLE "conversation_commitment_updates" ADD CONSTRAINT "conversation_commitment_updates_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_commitment_updates" ADD CONSTRAINT "conversation_commitment_updates_commitment_id_conversation_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."conversation_commitments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_commitment_updates" ADD CONSTRAINT "conversation_commitment_updates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversation_commitment_updates_commitment_idx" ON "conversation_commitment_updates" USING btree ("commitment_id","created_at");