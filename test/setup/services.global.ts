import type { TestProject } from 'vitest/node';
import { startPostgres, startRedis, type RunningService } from './services';

/** Starts one throwaway PostgreSQL and Redis per test run and hands their URLs to the tests. */
export default async function setup(project: TestProject) {
  const started: RunningService[] = [];
  const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  started.push(pg, redis);
  project.provide('postgresUrl', pg.url);
  project.provide('redisUrl', redis.url);
  return async () => {
    await Promise.all(started.map((s) => s.stop()));
  };
}
