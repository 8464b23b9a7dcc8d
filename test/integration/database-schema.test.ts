import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { get_dmmf } from '@prisma/prisma-schema-wasm';
import { Client, Pool } from 'pg';
import { synthesizeTrack } from '../../src/audio/analysis/synthetic-track';
import { FINGERPRINT_SAMPLE_RATE, QUERY_DENSITY, STANDARD_DENSITY, fingerprint } from '../../src/audio/fingerprint/fingerprint';
import { loadConfig } from '../../src/config';
import { createDatabase, type Database } from '../../src/db/client';
import { PostgresFingerprintIndex } from '../../src/db/fingerprint-index';
import { MIGRATIONS_DIR, migrate, readMigrations } from '../../src/db/migrate';
import { indexedLandmarks } from '../support/indexed-landmarks';

/**
 * The migrations are written as SQL (Prisma's engine cannot be downloaded here), so this test holds them
 * to schema.prisma: Prisma's own schema parser gives the data model, PostgreSQL's catalog gives the
 * migrated database, and every model is written and read back through the generated client.
 */
interface DmmfField {
  name: string;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  relationFromFields?: string[];
  relationOnDelete?: string;
}
interface DmmfModel {
  name: string;
  fields: DmmfField[];
  primaryKey: { fields: string[] } | null;
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal';
  fields: { name: string }[];
}
interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: { name: string; values: { name: string }[] }[]; indexes: DmmfIndex[] };
}

const schemaText = readFileSync(path.resolve(__dirname, '../../prisma/schema.prisma'), 'utf8');
const dmmf: Dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schemaText]] })));
const models = dmmf.datamodel.models;

/** Prisma scalar → the PostgreSQL type its migrations create (information_schema udt_name). */
const COLUMN_TYPE: Record<string, string> = {
  String: 'text',
  Int: 'int4',
  BigInt: 'int8',
  Float: 'float8',
  Boolean: 'bool',
  DateTime: 'timestamp',
  Json: 'jsonb',
  Bytes: 'bytea',
};

let pg: Client;
let db: Database;

beforeAll(async () => {
  const { databaseUrl } = loadConfig();
  await migrate(databaseUrl);
  pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  db = createDatabase(databaseUrl);
});
afterAll(async () => {
  await pg.end();
  await db.$disconnect();
});

it('records every migration folder in _prisma_migrations with its checksum, as Prisma Migrate does', async () => {
  const migrations = await readMigrations();
  const { rows } = await pg.query(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`);
  expect(rows.map((row) => [row.migration_name, row.checksum])).toEqual(migrations.map((m) => [m.name, m.checksum]));
  expect(rows.every((row) => row.finished_at !== null)).toBe(true);
});

/**
 * A scratch database migrated up to (not including) the migration `name`, handed to `work` with the migrations from
 * `name` on; dropped afterwards.
 */
async function beforeMigration(name: string, work: (url: string, pending: string[]) => Promise<void>): Promise<void> {
  const migrations = await readMigrations();
  const at = migrations.findIndex((m) => m.name === name);
  const scratchDb = `imx_migration_${at}_${process.pid}`;
  const scratchUrl = Object.assign(new URL(loadConfig().databaseUrl), { pathname: `/${scratchDb}` }).toString();
  const dirBefore = await mkdtemp(path.join(tmpdir(), 'migrations-'));
  await pg.query(`DROP DATABASE IF EXISTS ${scratchDb}`);
  await pg.query(`CREATE DATABASE ${scratchDb}`);
  try {
    for (const migration of migrations.slice(0, at)) await cp(path.join(MIGRATIONS_DIR, migration.name), path.join(dirBefore, migration.name), { recursive: true });
    await migrate(scratchUrl, dirBefore);
    await work(scratchUrl, migrations.slice(at).map((m) => m.name));
  } finally {
    await pg.query(`DROP DATABASE IF EXISTS ${scratchDb}`);
    await rm(dirBefore, { recursive: true, force: true });
  }
}

it('moves the cue points of plans saved before 20261122150000 out of the transition JSON into their columns', async () => {
  await beforeMigration('20261122150000_plan_entry_cue_columns', async (scratchUrl, pending) => {
    const scratch = new Client({ connectionString: scratchUrl });
    try {
      await scratch.connect();
      await scratch.query(`INSERT INTO "AutoDjPlan" ("id", "workflowId", "targetDurationSeconds", "energyMode", "eventPreset", "seed", "updatedAt") VALUES ('p', 'autodj-p', 600, 'build', 'club', 1, now())`);
      await scratch.query(
        `INSERT INTO "AutoDjPlanEntry" ("planId", "position", "trackId", "startTime", "mixInTime", "mixOutTime", "overlap", "tempoRatio", "energy", "transition")
         VALUES ('p', 0, 't', 0, 0, 180, 0, 1, 5, '{"style": "start", "reasons": ["opening track"], "score": 0, "cueInTrack": 15.5, "mixOutInTrack": 195.5}')`,
      );
      expect((await migrate(scratchUrl)).applied).toEqual(pending);
      const { rows } = await scratch.query(`SELECT "bpm", "cueInTrack", "mixOutInTrack", "transition" FROM "AutoDjPlanEntry"`);
      expect(rows).toEqual([{ bpm: null, cueInTrack: 15.5, mixOutInTrack: 195.5, transition: { style: 'start', reasons: ['opening track'], score: 0 } }]);
    } finally {
      await scratch.end().catch(() => undefined);
    }
  });
});

it('keeps the landmarks of tracks indexed before the packed index: numbered, pending, packed by the next maintenance', async () => {
  await beforeMigration('20261205030000_packed_fingerprint_index', async (scratchUrl, pending) => {
    const scratch = new Pool({ connectionString: scratchUrl, max: 2 });
    try {
      const signal = synthesizeTrack({ bpm: 121, key: { tonic: 5, mode: 'major' }, seconds: 30, sampleRate: FINGERPRINT_SAMPLE_RATE, seed: 77 });
      // The row index held every track at its standard density.
      const landmarks = fingerprint(signal, FINGERPRINT_SAMPLE_RATE, STANDARD_DENSITY);
      const distinct = new Set(landmarks.map((l) => `${l.hash}:${l.offset}`)).size;
      await scratch.query(`INSERT INTO "Track" (id, title, artist, "durationSeconds", "updatedAt", "fingerprintedAt") VALUES ('old', 'Old', 'A', 30, now(), now()), ('unindexed', 'U', 'A', 30, now(), NULL)`);
      await scratch.query(`INSERT INTO "FingerprintHash" ("hash", "trackId", "offset") SELECT h, 'old', o FROM UNNEST($1::int[], $2::int[]) AS t(h, o)`, [landmarks.map((l) => l.hash), landmarks.map((l) => l.offset)]);

      expect((await migrate(scratchUrl)).applied).toEqual(pending);
      const { rows: tracks } = await scratch.query(`SELECT id, "fingerprintNumber" FROM "Track" ORDER BY id`);
      expect(tracks).toEqual([{ id: 'old', fingerprintNumber: 0 }, { id: 'unindexed', fingerprintNumber: null }]);
      expect((await indexedLandmarks(scratch, ['old'])).get('old')).toBe(distinct);

      const index = new PostgresFingerprintIndex(scratch);
      const clip = fingerprint(signal.slice(9 * FINGERPRINT_SAMPLE_RATE, 19 * FINGERPRINT_SAMPLE_RATE), FINGERPRINT_SAMPLE_RATE, QUERY_DENSITY);
      expect((await index.identify(clip))?.trackId).toBe('old');
      await index.pack();
      expect((await index.identify(clip))?.trackId).toBe('old');
      expect((await indexedLandmarks(scratch, ['old'])).get('old')).toBe(distinct);
    } finally {
      await scratch.end().catch(() => undefined);
    }
  });
}, 120_000);

it('has a table for every model and a column of the right type and nullability for every field', async () => {
  const { rows } = await pg.query<{ table_name: string; column_name: string; udt_name: string; is_nullable: string; data_type: string }>(
    `SELECT table_name, column_name, udt_name, is_nullable, data_type FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  const columns = new Map(rows.map((row) => [`${row.table_name}.${row.column_name}`, row]));
  const enumNames = new Set(dmmf.datamodel.enums.map((e) => e.name));
  for (const model of models) {
    const scalarFields = model.fields.filter((field) => field.kind === 'scalar' || field.kind === 'enum');
    const tableColumns = rows.filter((row) => row.table_name === model.name).map((row) => row.column_name).sort();
    expect({ model: model.name, columns: tableColumns }).toEqual({ model: model.name, columns: scalarFields.map((f) => f.name).sort() });
    for (const field of scalarFields) {
      const column = columns.get(`${model.name}.${field.name}`)!;
      const expectedType = field.kind === 'enum' ? field.type : COLUMN_TYPE[field.type];
      const actualType = field.isList ? column.udt_name.replace(/^_/, '') : column.udt_name;
      expect({ field: `${model.name}.${field.name}`, type: actualType, array: column.data_type === 'ARRAY' }).toEqual({
        field: `${model.name}.${field.name}`,
        type: expectedType,
        array: field.isList,
      });
      if (field.kind === 'enum') expect(enumNames.has(field.type)).toBe(true);
      // Prisma creates list columns nullable even when required.
      const nullable = field.isList ? column.is_nullable === 'YES' : (column.is_nullable === 'YES') === !field.isRequired;
      expect({ field: `${model.name}.${field.name}`, nullabilityMatches: nullable }).toEqual({
        field: `${model.name}.${field.name}`,
        nullabilityMatches: true,
      });
    }
  }
});

it('has every enum with exactly its values', async () => {
  for (const enumeration of dmmf.datamodel.enums) {
    const { rows } = await pg.query(
      `SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = $1 ORDER BY e.enumsortorder`,
      [enumeration.name],
    );
    expect(rows.map((row) => row.enumlabel)).toEqual(enumeration.values.map((value) => value.name));
  }
});

it('has every primary key, unique constraint, index and foreign key of the schema', async () => {
  const { rows } = await pg.query<{ table: string; columns: string[]; is_unique: boolean; is_primary: boolean }>(
    `SELECT t.relname AS table, i.indisunique AS is_unique, i.indisprimary AS is_primary,
            array_agg(a.attname::text ORDER BY k.ordinality) AS columns
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ordinality)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE t.relname <> '_prisma_migrations'
      GROUP BY t.relname, i.indexrelid, i.indisunique, i.indisprimary`,
  );
  const describe = (table: string, kind: string, columns: string[]) => `${table}:${kind}:${columns.join(',')}`;
  const actual = rows.map((row) => describe(row.table, row.is_primary ? 'id' : row.is_unique ? 'unique' : 'normal', row.columns)).sort();
  const expected = dmmf.datamodel.indexes.map((index) => describe(index.model, index.type, index.fields.map((f) => f.name))).sort();
  expect(actual).toEqual(expected);

  const foreignKeys = await pg.query<{ table: string; columns: string[]; on_delete: string }>(
    `SELECT c.conrelid::regclass::text AS table, c.confdeltype AS on_delete,
            array_agg(a.attname::text ORDER BY k.ordinality) AS columns
       FROM pg_constraint c
       CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ordinality)
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
      WHERE c.contype = 'f' GROUP BY c.oid, c.conrelid, c.confdeltype`,
  );
  const onDeleteCode: Record<string, string> = { Cascade: 'c', Restrict: 'r', SetNull: 'n', NoAction: 'a' };
  const expectedForeignKeys = models
    .flatMap((model) =>
      model.fields
        .filter((field) => field.kind === 'object' && (field.relationFromFields?.length ?? 0) > 0)
        .map((field) => `"${model.name}":${field.relationFromFields!.join(',')}:${onDeleteCode[field.relationOnDelete ?? 'Restrict']}`),
    )
    .sort();
  expect(foreignKeys.rows.map((fk) => `${fk.table}:${fk.columns.join(',')}:${fk.on_delete}`).sort()).toEqual(expectedForeignKeys);
});

it('writes and reads every model with every field through the generated client', async () => {
  const tag = `schema-${Date.now()}`;
  const customer = await db.customer.create({ data: { id: `${tag}-c`, name: 'Schema', email: `${tag}@example.com` } });
  const apiKey = await db.apiKey.create({
    data: { customerId: customer.id, keyHash: `${tag}-hash`, prefix: 'imx_1234', label: 'ci', lastUsedAt: new Date(), revokedAt: new Date() },
  });
  const session = await db.session.create({ data: { customerId: customer.id, tokenHash: `${tag}-token`, expiresAt: new Date() } });
  const job = await db.generationJob.create({
    data: {
      jobId: `${tag}-job`, workflowId: `generation-${tag}`, customerId: customer.id, status: 'completed', step: 'completed', progress: 100,
      prompt: 'p', mood: 'calm', instruments: ['piano', 'strings'], requestedDuration: 30, referenceUrl: 'https://example.com/a.mp3',
      referenceTitle: 't', referenceArtist: 'a', referenceBpm: 120, referenceKey: 'A minor', referenceCamelot: '8A', referenceMood: 'calm',
      referenceConfidence: 0.9, sceneContext: { scenes: 2 }, provider: 'local', providerTaskId: 'task-1', masterKey: 'm', previewKey: 'p',
      metadataKey: 'j', fileSizeBytes: 1234, outputDurationSeconds: 30, title: 'Calm', errorType: 'X', error: 'e', completedAt: new Date(),
    },
  });
  const track = await db.track.create({
    data: {
      title: 't', artist: 'a', durationSeconds: 200, bpm: 120, key: 'A minor', camelot: '8A', energy: 5, loudnessLufs: -9,
      beatGrid: { beats: [0.5], downbeats: [0.5] }, phraseBoundaries: [0.5, 16.5], genre: 'house', hasVocals: false,
      storageKey: 'tracks/x.wav', fingerprintedAt: new Date(), fingerprintNumber: -1 - (Date.now() % 1_000_000_000),
    },
  });
  // Real hashes are 22-bit non-negative numbers, so a negative one never meets the index's own rows.
  const postings = await db.fingerprintPostings.create({ data: { hash: -123456789, postings: Buffer.from([1, 42, 0, 7]) } });
  const pending = await db.fingerprintPending.create({ data: { hash: -123456789, trackNumber: track.fingerprintNumber!, offset: 42 } });
  const plan = await db.autoDjPlan.create({
    data: {
      id: `${tag}-plan`, workflowId: `autodj-${tag}`, status: 'completed', targetDurationSeconds: 3600, energyMode: 'build',
      eventPreset: 'club', seed: 7, totalDurationSeconds: 3590, quality: { rmse: 0.2 }, skipped: [], error: null,
      entries: {
        create: [{ position: 0, trackId: track.id, startTime: 0, mixInTime: 0, mixOutTime: 180, overlap: 0, tempoRatio: 1, keyShift: 0, camelot: '8A', energy: 5, bpm: 124, cueInTrack: 16, mixOutInTrack: 172, transition: { style: 'start' } }],
      },
    },
    include: { entries: true },
  });
  const deadLetter = await db.deadLetter.create({
    data: { jobId: job.jobId, workflowId: job.workflowId, step: 'generating', errorType: 'RateLimited', errorMessage: 'm', attempts: 5, inputRef: { jobId: job.jobId }, status: 'aborted', resolution: 'abort', resolvedAt: new Date() },
  });
  const report = await db.usageReport.create({
    data: { periodStart: new Date(Date.UTC(2040, 0, 1)), periodEnd: new Date(Date.UTC(2040, 0, 2, 0, 0, Date.now() % 1000)), customers: 1, totalJobs: 1, rows: [{ customerId: customer.id }], storageKey: 'reports/x.csv' },
  });
  const recommendation = await db.recommendationCache.create({ data: { trackId: track.id, recommendations: [{ trackId: 'other', cost: 0.3 }] } });
  const webhook = await db.webhookEndpoint.create({
    data: { id: `${tag}-hook`, customerId: customer.id, url: 'https://hooks.example.com/x', events: ['generation.completed', 'plan.failed'], secretCiphertext: 'k1:abc', deletedAt: new Date() },
  });
  const delivery = await db.webhookDelivery.create({
    data: { endpointId: webhook.id, eventId: `generation.completed:${job.jobId}`, type: 'generation.completed', subjectId: job.jobId, attempt: 2, statusCode: 200, error: 'e', durationMs: 12, deliveredAt: new Date() },
  });

  expect(await db.customer.findUnique({ where: { id: customer.id }, include: { apiKeys: true, sessions: true } })).toMatchObject({
    email: customer.email, apiKeys: [{ id: apiKey.id, prefix: 'imx_1234' }], sessions: [{ id: session.id }],
  });
  expect(await db.generationJob.findUnique({ where: { jobId: job.jobId } })).toEqual(job);
  expect(await db.track.findUnique({ where: { id: track.id } })).toEqual(track);
  expect(await db.fingerprintPostings.findUnique({ where: { hash: postings.hash } })).toEqual(postings);
  expect(await db.fingerprintPending.findMany({ where: { hash: pending.hash } })).toEqual([pending]);
  expect(await db.autoDjPlan.findUnique({ where: { id: plan.id }, include: { entries: true } })).toEqual(plan);
  expect(await db.deadLetter.findUnique({ where: { id: deadLetter.id } })).toEqual(deadLetter);
  expect(await db.usageReport.findUnique({ where: { id: report.id } })).toEqual(report);
  expect(await db.recommendationCache.findUnique({ where: { trackId: track.id } })).toEqual(recommendation);
  expect(await db.webhookEndpoint.findUnique({ where: { id: webhook.id }, include: { deliveries: true } })).toEqual({ ...webhook, deliveries: [delivery] });

  await db.fingerprintPostings.delete({ where: { hash: postings.hash } });
  await db.fingerprintPending.deleteMany({ where: { hash: pending.hash } });
  await db.track.delete({ where: { id: track.id } });
  await db.customer.delete({ where: { id: customer.id } });
  expect(await db.session.count({ where: { customerId: customer.id } })).toBe(0);
  expect(await db.webhookDelivery.count({ where: { endpointId: webhook.id } })).toBe(0);
});
