-- CreateTable
CREATE TABLE "exchange_webhook_refusal_counts" (
    "remote_ip" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "last_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "exchange_webhook_refusal_counts_pkey" PRIMARY KEY ("remote_ip","reason","hour")
);

-- CreateTable
CREATE TABLE "rate_buckets" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "checked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rate_buckets_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "exchange_webhook_refusal_counts_hour_idx" ON "exchange_webhook_refusal_counts"("hour");

-- CreateIndex
CREATE INDEX "rate_buckets_checked_at_idx" ON "rate_buckets"("checked_at");

