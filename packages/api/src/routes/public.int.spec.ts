import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  canonicalContent,
  chainHash,
  checkpointDirOf,
  checkpointSignatureHolds,
  type RecordedEvent,
  verifyInclusion,
} from '@cchc/core';
import type { RouteOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckpointAnswer, CheckpointList } from '../answers/checkpoints.ts';
import { type PublicRankings, type PublicYear, publicRankingsAnswer, publicYearAnswer } from '../answers/public.ts';
import { buildApp } from '../app.ts';
import { expectProblem, useDemoApi } from '../testing/api-spec-kit.ts';

/** Every route as registered: its URL and methods. */
const routes: { url: string; methods: string[] }[] = [];
const { demo, get, post } = useDemoApi({
  onRoute: (route: RouteOptions) => routes.push({ url: route.url, methods: [route.method].flat() }),
});
let address = 0;
/** A request without a key, each from its own address (failed authentications are limited per address). */
const anonymous = (url: string, method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' = 'GET') =>
  demo().app.inject({ method, url, remoteAddress: `10.1.${Math.floor(++address / 250)}.${address % 250}` });

const MID = encodeURIComponent('2025-06-30T23:59:59+07:00');
/** Routes that are public by design and hold no ledger data: liveness, readiness, metrics, the API's own docs. */
const OPERATIONAL = (url: string) => ['/health', '/ready', '/metrics'].includes(url) || url.startsWith('/docs');
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const HEX64 = /\b[0-9a-f]{64}\b/g;

let published: { eventId: string; globalPosition: number; checkpoint: CheckpointAnswer };
let log: readonly RecordedEvent[];
let provisionalHash: string;

beforeAll(async () => {
  // The provisional ranking of 30/6, computed and never published.
  const provisional = await get(`/v1/rankings/2025?asOf=${MID}`);
  expect(provisional.statusCode, provisional.body).toBe(200);
  provisionalHash = provisional.json<{ inputsHash: string }>().inputsHash;
  const res = await post('/v1/rankings/2025/publish', 'office', {});
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json<{ events: { eventId: string; globalPosition: number }[]; checkpoint: CheckpointAnswer }>();
  published = { ...body.events[0]!, checkpoint: body.checkpoint };
  log = await demo().store.readAll({ fromPosition: 1, limit: 1_000_000 });
});

describe('a checkpoint with every RankingPublished', () => {
  it('the publish answer names a signed checkpoint kept in the data directory that holds the publication', async () => {
    const { checkpoint, globalPosition } = published;
    expect(checkpoint.treeSize).toBeGreaterThanOrEqual(globalPosition);
    expect(checkpointSignatureHolds(checkpoint)).toBe(true);
    expect(existsSync(join(checkpointDirOf(demo().dataDir), checkpoint.file))).toBe(true);
    const list = await get('/v1/audit/checkpoints', 'inspector');
    expect(list.statusCode, list.body).toBe(200);
    const { items, latest, keys } = list.json<CheckpointList>();
    expect(items.map((c) => c.file)).toContain(checkpoint.file);
    expect(latest?.treeSize).toBeGreaterThanOrEqual(checkpoint.treeSize);
    expect(keys.current).toBe(checkpoint.publicKey);
    expect((await get('/v1/audit/checkpoints/latest', 'inspector')).json<CheckpointAnswer>().file).toBe(latest?.file);
    // The publication names it where analysts read publications, too.
    const listed = (await get('/v1/rankings/2025/published')).json<{
      items: { eventId: string; checkpoint: CheckpointAnswer | null }[];
    }>();
    expect(listed.items.find((p) => p.eventId === published.eventId)?.checkpoint?.file).toBe(checkpoint.file);
    // Analysts do not read the audit routes.
    expect((await get('/v1/audit/checkpoints', 'analyst')).statusCode).toBe(403);
  });
});

describe('the public transparency page', () => {
  const publicRoutes = () => routes.filter((r) => r.url === '/public' || r.url.startsWith('/public/'));

  it('registers exactly these routes under /public, all GET (and HEAD)', () => {
    expect([...new Set(publicRoutes().map((r) => r.url))].sort()).toEqual([
      '/public',
      '/public/',
      '/public/v1/rankings',
      '/public/v1/rankings/:year',
      '/public/v1/signing-keys',
    ]);
    for (const r of publicRoutes()) for (const m of r.methods) expect(['GET', 'HEAD']).toContain(m);
  });

  it('the OpenAPI document says the public JSON routes need no key, and every other route one', async () => {
    const openapi = (await anonymous('/docs/json')).json<{
      security: unknown[];
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    }>();
    expect(openapi.security).toEqual([{ apiKey: [] }]);
    const publicPaths = Object.keys(openapi.paths).filter((p) => p.startsWith('/public'));
    expect(publicPaths.sort()).toEqual([
      '/public/v1/rankings',
      '/public/v1/rankings/{year}',
      '/public/v1/signing-keys',
    ]);
    for (const p of publicPaths) expect(openapi.paths[p]!.get!.security).toEqual([]);
  });

  it('every public route answers without a key, and only with published data', async () => {
    const publications = log.filter((e) => e.type === 'RankingPublished');
    const publishedIds = new Set(publications.map((e) => e.eventId));
    // The publications' own metadata is shown (it is hashed with them): their command and request ids.
    const ownIds = new Set(publications.flatMap((e) => [e.metadata.causationId, e.metadata.correlationId]));
    expect(publishedIds.has(published.eventId)).toBe(true);
    // A publication's own content names two other hashes (digests, not content): its prevHash (the
    // link of the chain) and logHash (the log head it was computed at). No other event's hash appears.
    const named = new Set(publications.flatMap((e) => [e.prevHash, (e.data as { logHash?: string }).logHash]));
    const otherHashes = new Set(
      log.filter((e) => e.type !== 'RankingPublished' && !named.has(e.hash)).map((e) => e.hash),
    );
    const otherIds = log.filter((e) => e.type !== 'RankingPublished').map((e) => e.eventId);
    const samples: Record<string, string[]> = {
      '/public': ['/public'],
      '/public/': ['/public/'],
      '/public/v1/rankings': ['/public/v1/rankings'],
      '/public/v1/rankings/:year': ['/public/v1/rankings/2025'],
      '/public/v1/signing-keys': ['/public/v1/signing-keys'],
    };
    const urls = [...new Set(publicRoutes().map((r) => r.url))];
    expect(Object.keys(samples).sort()).toEqual(urls.sort());
    for (const url of urls)
      for (const sample of samples[url]!) {
        const res = await anonymous(sample);
        expect(res.statusCode, `${sample}: ${res.body}`).toBe(200);
        const body = res.body;
        for (const id of body.match(UUID) ?? [])
          expect(publishedIds.has(id) || ownIds.has(id), `${sample} names ${id}`).toBe(true);
        for (const hex of body.match(HEX64) ?? [])
          expect(otherHashes.has(hex), `${sample} shows the hash of an unpublished event`).toBe(false);
        expect(body).not.toContain(provisionalHash);
        for (const id of otherIds) expect(body.includes(id)).toBe(false);
      }
  });

  it('a year shows its publications as recorded, with what proves each: event hash, inclusion proof, signed checkpoint', async () => {
    const res = await anonymous('/public/v1/rankings/2025');
    const answer = publicYearAnswer.parse(res.json()) as PublicYear;
    const event = log.find((e) => e.eventId === published.eventId)!;
    const shown = answer.publications.find((p) => p.eventId === published.eventId)!;
    expect(shown).toMatchObject({ year: 2025, position: event.globalPosition, recordedAt: event.recordedAt });
    expect(shown.provisional).toBe(false);
    const data = event.data as {
      rows: { unitId: string; score: number | null; band: string | null; rank: number | null }[];
    };
    expect(shown.rows.map(({ unitName: _, ...r }) => r)).toEqual(
      data.rows.map((r) => ({ rank: r.rank, unitId: r.unitId, score: r.score, band: r.band })),
    );
    expect(shown.rows.every((r) => typeof r.unitName === 'string')).toBe(true);
    // 1. The event hashes to its entry, and its data is the rows shown.
    expect(chainHash(shown.event.prevHash, canonicalContent(shown.event))).toBe(shown.event.hash);
    expect(JSON.parse(shown.event.dataJson).rows).toEqual(data.rows);
    // 2. Its inclusion proof leads to the checkpoint's root.
    const cp = shown.checkpoint!;
    expect(cp.file).toBe(published.checkpoint.file);
    const proof = shown.inclusion!;
    expect(proof).toMatchObject({ entry: shown.event.hash, treeSize: cp.treeSize, root: cp.root });
    expect(
      verifyInclusion(
        proof.entry,
        proof.leafIndex,
        proof.treeSize,
        proof.proof.map((h) => Buffer.from(h, 'hex')),
        Buffer.from(cp.root, 'hex'),
      ),
    ).toBe(true);
    // 3. The checkpoint is signed by the key the page gives.
    expect(checkpointSignatureHolds(cp)).toBe(true);
    expect(answer.keys.current).toBe(cp.publicKey);
    expect(answer.howToVerify.length).toBeGreaterThan(0);

    const list = publicRankingsAnswer.parse((await anonymous('/public/v1/rankings')).json()) as PublicRankings;
    expect(list.items.map((p) => p.eventId)).toContain(published.eventId);
  });

  it('an unpublished year is 404 with a message in Vietnamese and English', async () => {
    const body = expectProblem(await anonymous('/public/v1/rankings/2024'), 404);
    expect(body.vi).toContain('Chưa có xếp hạng nào của năm 2024 được công bố');
    expect(body.en).toContain('no ranking of 2024 has been published');
  });

  it('the HTML page, Vietnamese first, lists the published ranking and its checkpoint', async () => {
    const res = await anonymous('/public');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<html lang="vi">');
    expect(res.body).toContain(published.eventId);
    expect(res.body).toContain(published.checkpoint.root);
    expect(res.body).toContain('giờ Việt Nam / Vietnam time');
    expect(res.body).not.toMatch(/https?:\/\//);
  });

  it('every route not under /public (and not an operational one) refuses a request without a key: 401', async () => {
    const others = routes.filter((r) => !publicRoutes().includes(r) && !OPERATIONAL(r.url));
    expect(others.length).toBeGreaterThan(30);
    for (const r of others)
      for (const method of r.methods) {
        const url = r.url.replace(/:[A-Za-z]+/g, 'x').replace(/\*/g, 'x');
        const res = await anonymous(url, method as 'GET');
        expect(res.statusCode, `${method} ${r.url}`).toBe(401);
      }
    // The operational ones are only these.
    expect(
      [...new Set(routes.filter((r) => OPERATIONAL(r.url)).map((r) => r.url))]
        .filter((u) => !u.startsWith('/docs'))
        .sort(),
    ).toEqual(['/health', '/metrics', '/ready']);
  });

  it('a ranking the office publishes before the cutoff shows as provisional, on the page and in JSON', async () => {
    const res = await post('/v1/rankings/2025/publish', 'office', { asOf: '2025-09-30T23:59:59+07:00' });
    expect(res.statusCode, res.body).toBe(201);
    const { eventId, checkpoint } = res.json<{ eventId: string; checkpoint: CheckpointAnswer }>();
    const year = (await anonymous('/public/v1/rankings/2025')).json<PublicYear>();
    const shown = year.publications.find((p) => p.eventId === eventId)!;
    expect(shown).toMatchObject({ provisional: true, asOfLocal: '2025-09-30 23:59:59' });
    expect(shown.checkpoint?.file).toBe(checkpoint.file);
    expect(year.publications.find((p) => p.eventId === published.eventId)?.provisional).toBe(false);
    expect((await anonymous('/public')).body).toContain('TẠM TÍNH / PROVISIONAL');
  });

  it('is rate-limited per address: over the limit 429 problem+json with Retry-After', async () => {
    const limited = await buildApp(demo().services, { publicRateLimitPerMinute: 2 });
    try {
      const ask = (remoteAddress: string) => limited.inject({ url: '/public/v1/signing-keys', remoteAddress });
      expect((await ask('10.0.0.1')).statusCode).toBe(200);
      expect((await ask('10.0.0.1')).statusCode).toBe(200);
      const over = await ask('10.0.0.1');
      expectProblem(over, 429, 'RATE_LIMITED');
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      // Another address still gets through.
      expect((await ask('10.0.0.2')).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
