-- CreateTable
CREATE TABLE "account_notes" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "account_id" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "ticket_ref" TEXT,
    "author_id" UUID NOT NULL,
    "request_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_notes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "account_notes_request_key_key" ON "account_notes"("request_key");

-- CreateIndex
CREATE INDEX "account_notes_incident_id_account_id_created_at_idx" ON "account_notes"("incident_id", "account_id", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "account_notes" ADD CONSTRAINT "account_notes_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_notes" ADD CONSTRAINT "account_notes_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "customer_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_notes" ADD CONSTRAINT "account_notes_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "staff_users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

