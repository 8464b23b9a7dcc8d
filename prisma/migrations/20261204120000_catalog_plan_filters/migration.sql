-- Plans from the whole catalog: tracks carry the customer's tags, and a plan's catalog filter (customer, ready,
-- tempo, energy, genre, tags) is resolved from indexes over 100,000+ rows instead of a scan.

-- AlterTable
ALTER TABLE "Track" ADD COLUMN "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateIndex
CREATE INDEX "Track_customerId_status_id_idx" ON "Track"("customerId", "status", "id");

-- CreateIndex
CREATE INDEX "Track_customerId_status_bpm_idx" ON "Track"("customerId", "status", "bpm");

-- CreateIndex
CREATE INDEX "Track_customerId_status_energy_idx" ON "Track"("customerId", "status", "energy");

-- CreateIndex
CREATE INDEX "Track_customerId_status_genre_idx" ON "Track"("customerId", "status", "genre");

-- CreateIndex
CREATE INDEX "Track_tags_idx" ON "Track" USING GIN ("tags");
