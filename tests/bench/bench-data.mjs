#!/usr/bin/env node
// Writes the benchmark workspace: 100,000 posts over 500 integrations in PostgreSQL
// (plain SQL, fast) and 20,000 of them queued through the real bullmq (addBulk with
// Postiz's job options), which leaves a ~10,000-entry events stream.
//   node bench-data.mjs --pg URL --redis URL [--posts N] [--integrations N] [--jobs N]
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const req = createRequire(path.join(HERE, '..', 'fixtures', 'bullmq-5.12', 'package.json'));
const { Queue } = req('bullmq');
const IORedis = req('ioredis');
const pg = req('pg');

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
    return acc;
}, []));
const posts = Number(args.posts ?? 100000);
const integrations = Number(args.integrations ?? 500);
const jobs = Number(args.jobs ?? 20000);

const client = new pg.Client({ connectionString: args.pg });
await client.connect();
await client.query(`INSERT INTO "Organization"(id, name) SELECT 'org-' || g, 'Organisation ' || g FROM generate_series(1, 10) g`);
await client.query(`INSERT INTO "Integration"(id, "internalId", "organizationId", name, "providerIdentifier", token)
  SELECT 'int-' || g, 'internal-' || g, 'org-' || (1 + g % 10), 'Account ' || g,
         (ARRAY['x','instagram','linkedin','facebook','threads'])[1 + g % 5], 'secret-token-' || g
  FROM generate_series(1, $1::int) g`, [integrations]);
// Posts spread over now − 7 d … now + 30 d; the first `jobs` of the future ones get jobs.
await client.query(`INSERT INTO "Post"(id, state, "publishDate", "organizationId", "integrationId", content, "group", "updatedAt", "createdAt")
  SELECT md5('post' || g)::uuid::text,
         CASE WHEN g % 3 = 0 THEN 'PUBLISHED'::"State" ELSE 'QUEUE'::"State" END,
         (now() AT TIME ZONE 'UTC') - interval '7 days' + (g * interval '37 days' / $1::int),
         'org-' || (1 + (g % $2::int) % 10), 'int-' || (1 + g % $2::int),
         'Post number ' || g || ' with some text to carry', md5('group' || g)::uuid::text,
         now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC' - interval '8 days'
  FROM generate_series(1, $1::int) g`, [posts, integrations]);
const { rows } = await client.query(`SELECT id, (extract(epoch from "publishDate") * 1000)::bigint AS t FROM "Post"
  WHERE "publishDate" > now() AT TIME ZONE 'UTC' + interval '1 hour' AND state = 'QUEUE' ORDER BY "publishDate" LIMIT $1`, [jobs]);
// As autovacuum leaves a live database: statistics and hint bits in place. Otherwise the
// first reads pay for setting hint bits, and autovacuum (which wakes a minute after the
// bulk insert) vacuums and analyses the table in the middle of the timed runs.
await client.query('VACUUM ANALYZE');
await client.end();

const connection = new IORedis(args.redis, { maxRetriesPerRequest: null });
const queue = new Queue('post', { connection });
const now = Date.now();
for (let i = 0; i < rows.length; i += 1000) {
    await queue.addBulk(rows.slice(i, i + 1000).map((r) => {
        const delay = Number(r.t) - now;
        return { name: 'post', data: { id: r.id, options: { delay }, payload: { id: r.id, delay } },
                 opts: { jobId: r.id, delay, removeOnComplete: true, removeOnFail: true } };
    }));
}
const streamLength = await connection.xlen('bull:post:events');
await queue.close();
await connection.quit();
process.stdout.write(JSON.stringify({ posts, integrations, jobs: rows.length, streamLength }) + '\n');
