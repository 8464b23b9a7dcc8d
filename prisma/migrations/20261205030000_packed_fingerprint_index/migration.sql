-- The fingerprint index, packed (issue 14): one row per hash holding its postings, plus the landmarks indexed since
-- the last pack, one row each. Tracks are known to it by a number from a sequence, a new one each time a track is
-- indexed.
CREATE SEQUENCE "FingerprintTrackNumber" AS integer MINVALUE 0 START 0;

ALTER TABLE "Track" ADD COLUMN "fingerprintNumber" INTEGER;
CREATE UNIQUE INDEX "Track_fingerprintNumber_key" ON "Track"("fingerprintNumber");

CREATE TABLE "FingerprintPostings" (
    "hash" INTEGER NOT NULL,
    "postings" BYTEA NOT NULL,
    CONSTRAINT "FingerprintPostings_pkey" PRIMARY KEY ("hash")
);

CREATE TABLE "FingerprintPending" (
    "hash" INTEGER NOT NULL,
    "trackNumber" INTEGER NOT NULL,
    "offset" INTEGER NOT NULL,
    CONSTRAINT "FingerprintPending_pkey" PRIMARY KEY ("hash", "trackNumber", "offset")
);

-- Tracks indexed before keep their landmarks: each gets a number and its rows become pending rows, which the next
-- database maintenance packs. Anchors past the 16-bit frame range (25 minutes) are not indexed by the packed layout.
UPDATE "Track" SET "fingerprintNumber" = nextval('"FingerprintTrackNumber"')
 WHERE id IN (SELECT DISTINCT "trackId" FROM "FingerprintHash");
INSERT INTO "FingerprintPending" ("hash", "trackNumber", "offset")
SELECT f."hash", t."fingerprintNumber", f."offset"
  FROM "FingerprintHash" f JOIN "Track" t ON t.id = f."trackId"
 WHERE f."offset" <= 65535
ON CONFLICT DO NOTHING;

DROP TABLE "FingerprintHash";
