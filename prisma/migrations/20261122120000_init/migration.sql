-- CreateEnum
CREATE TYPE "GenerationStatus" AS ENUM ('queued', 'running', 'completed', 'failed', 'needs_attention');

-- CreateEnum
CREATE TYPE "PlanStatus" AS ENUM ('planning', 'completed', 'failed');

-- CreateEnum
CREATE TYPE "DeadLetterStatus" AS ENUM ('open', 'retried', 'aborted', 'expired');

-- CreateTable
CREATE TABLE "Customer" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "label" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GenerationJob" (
    "jobId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "status" "GenerationStatus" NOT NULL DEFAULT 'queued',
    "step" TEXT NOT NULL DEFAULT 'queued',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "prompt" TEXT,
    "mood" TEXT,
    "instruments" TEXT[],
    "requestedDuration" DOUBLE PRECISION NOT NULL,
    "referenceUrl" TEXT,
    "referenceTitle" TEXT,
    "referenceArtist" TEXT,
    "referenceBpm" DOUBLE PRECISION,
    "referenceKey" TEXT,
    "referenceCamelot" TEXT,
    "referenceMood" TEXT,
    "referenceConfidence" DOUBLE PRECISION,
    "sceneContext" JSONB,
    "provider" TEXT,
    "providerTaskId" TEXT,
    "masterKey" TEXT,
    "previewKey" TEXT,
    "metadataKey" TEXT,
    "fileSizeBytes" INTEGER,
    "outputDurationSeconds" DOUBLE PRECISION,
    "title" TEXT,
    "errorType" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "GenerationJob_pkey" PRIMARY KEY ("jobId")
);

-- CreateTable
CREATE TABLE "Track" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "artist" TEXT NOT NULL,
    "durationSeconds" DOUBLE PRECISION NOT NULL,
    "bpm" DOUBLE PRECISION,
    "key" TEXT,
    "camelot" TEXT,
    "energy" DOUBLE PRECISION,
    "loudnessLufs" DOUBLE PRECISION,
    "beatGrid" JSONB,
    "phraseBoundaries" JSONB,
    "genre" TEXT,
    "hasVocals" BOOLEAN,
    "storageKey" TEXT,
    "fingerprintedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Track_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FingerprintHash" (
    "id" BIGSERIAL NOT NULL,
    "hash" INTEGER NOT NULL,
    "trackId" TEXT NOT NULL,
    "offset" INTEGER NOT NULL,

    CONSTRAINT "FingerprintHash_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AutoDjPlan" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "status" "PlanStatus" NOT NULL DEFAULT 'planning',
    "targetDurationSeconds" DOUBLE PRECISION NOT NULL,
    "energyMode" TEXT NOT NULL,
    "eventPreset" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "totalDurationSeconds" DOUBLE PRECISION,
    "quality" JSONB,
    "skipped" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AutoDjPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AutoDjPlanEntry" (
    "id" SERIAL NOT NULL,
    "planId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "trackId" TEXT NOT NULL,
    "startTime" DOUBLE PRECISION NOT NULL,
    "mixInTime" DOUBLE PRECISION NOT NULL,
    "mixOutTime" DOUBLE PRECISION NOT NULL,
    "overlap" DOUBLE PRECISION NOT NULL,
    "tempoRatio" DOUBLE PRECISION NOT NULL,
    "keyShift" DOUBLE PRECISION,
    "camelot" TEXT,
    "energy" DOUBLE PRECISION NOT NULL,
    "transition" JSONB NOT NULL,

    CONSTRAINT "AutoDjPlanEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeadLetter" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "errorType" TEXT NOT NULL,
    "errorMessage" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "inputRef" JSONB NOT NULL,
    "status" "DeadLetterStatus" NOT NULL DEFAULT 'open',
    "resolution" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "DeadLetter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageReport" (
    "id" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "customers" INTEGER NOT NULL,
    "totalJobs" INTEGER NOT NULL,
    "rows" JSONB NOT NULL,
    "storageKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsageReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecommendationCache" (
    "trackId" TEXT NOT NULL,
    "recommendations" JSONB NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecommendationCache_pkey" PRIMARY KEY ("trackId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Customer_email_key" ON "Customer"("email");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "ApiKey_customerId_idx" ON "ApiKey"("customerId");

-- CreateIndex
CREATE UNIQUE INDEX "Session_tokenHash_key" ON "Session"("tokenHash");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "GenerationJob_workflowId_key" ON "GenerationJob"("workflowId");

-- CreateIndex
CREATE INDEX "GenerationJob_customerId_createdAt_idx" ON "GenerationJob"("customerId", "createdAt");

-- CreateIndex
CREATE INDEX "GenerationJob_status_updatedAt_idx" ON "GenerationJob"("status", "updatedAt");

-- CreateIndex
CREATE INDEX "Track_camelot_bpm_idx" ON "Track"("camelot", "bpm");

-- CreateIndex
CREATE INDEX "FingerprintHash_hash_idx" ON "FingerprintHash"("hash");

-- CreateIndex
CREATE INDEX "FingerprintHash_trackId_idx" ON "FingerprintHash"("trackId");

-- CreateIndex
CREATE UNIQUE INDEX "AutoDjPlan_workflowId_key" ON "AutoDjPlan"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "AutoDjPlanEntry_planId_position_key" ON "AutoDjPlanEntry"("planId", "position");

-- CreateIndex
CREATE INDEX "DeadLetter_status_createdAt_idx" ON "DeadLetter"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DeadLetter_workflowId_step_createdAt_key" ON "DeadLetter"("workflowId", "step", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "UsageReport_periodStart_periodEnd_key" ON "UsageReport"("periodStart", "periodEnd");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FingerprintHash" ADD CONSTRAINT "FingerprintHash_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AutoDjPlanEntry" ADD CONSTRAINT "AutoDjPlanEntry_planId_fkey" FOREIGN KEY ("planId") REFERENCES "AutoDjPlan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecommendationCache" ADD CONSTRAINT "RecommendationCache_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track"("id") ON DELETE CASCADE ON UPDATE CASCADE;
