-- Cue points and the track's tempo get columns of their own; until now the cue points rode in the
-- transition JSON. Existing rows keep their values (moved out of the JSON); their tempo is unknown.

-- AlterTable
ALTER TABLE "AutoDjPlanEntry" ADD COLUMN "bpm" DOUBLE PRECISION,
ADD COLUMN "cueInTrack" DOUBLE PRECISION,
ADD COLUMN "mixOutInTrack" DOUBLE PRECISION;

UPDATE "AutoDjPlanEntry"
SET "cueInTrack" = COALESCE(("transition" ->> 'cueInTrack')::DOUBLE PRECISION, 0),
    "mixOutInTrack" = COALESCE(("transition" ->> 'mixOutInTrack')::DOUBLE PRECISION, 0),
    "transition" = "transition" - 'cueInTrack' - 'mixOutInTrack';

ALTER TABLE "AutoDjPlanEntry" ALTER COLUMN "cueInTrack" SET NOT NULL,
ALTER COLUMN "mixOutInTrack" SET NOT NULL;
