-- CreateIndex
CREATE INDEX "withdrawal_holds_account_id_idx" ON "withdrawal_holds"("account_id");

