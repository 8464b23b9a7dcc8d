import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI where its schema engine is available (`prisma migrate deploy`);
// offline, `npm run db:migrate` applies the same migration folders (src/db/migrate.ts).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://infinitymix:infinitymix@127.0.0.1:54329/infinitymix' },
});
