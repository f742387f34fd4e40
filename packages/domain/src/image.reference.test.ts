import { describe, expect, it } from 'vitest';
import { imageReferenceProblem, isImageReference, templateImageProblem } from './image.reference';

const hex64 = 'a'.repeat(64);

describe('imageReferenceProblem', () => {
  it.each([
    'nginx',
    'nginx:1.27',
    'nginx:1.27-alpine',
    'library/nginx:latest',
    'docker.io/library/nginx:latest',
    'ghcr.io/owner/app:v1.2.3',
    'localhost:5000/app',
    'registry.example.com:5000/team/app:1_0',
    '[::1]:5000/app:dev',
    'my-registry/a__b/c.d:TAG',
    `app@sha256:${hex64}`,
    `ghcr.io/owner/app:v1@sha256:${hex64}`,
    `${'a'.repeat(255)}:latest`,
    `app:${'x'.repeat(128)}`,
  ])('accepts %s', (image) => expect(imageReferenceProblem(image)).toBeNull());

  it.each([
    ['', 'empty'],
    ['nginx latest', 'whitespace'],
    ['nginx\n', 'whitespace'],
    ['nginx:1\nrm -rf /', 'whitespace'],
    ['nginx;rm', 'image reference'],
    ['nginx$(id)', 'image reference'],
    ['nginx`id`', 'image reference'],
    ['nginx|cat', 'image reference'],
    ['Nginx', 'image reference'],
    ['nginx:', 'image reference'],
    ['nginx:-tag', 'image reference'],
    [`app:${'x'.repeat(129)}`, 'image reference'],
    ['app@sha256:abc', 'image reference'],
    ['app@sha256', 'image reference'],
    ['/app', 'image reference'],
    ['app/', 'image reference'],
    ['a//b', 'image reference'],
    ['-app', 'image reference'],
    ['host:port/app', 'image reference'],
    ['https://ghcr.io/app', 'image reference'],
    [`${'a'.repeat(256)}:latest`, 'at most 255'],
    ['x'.repeat(10_000), 'at most 512'],
  ])('refuses %j (%s)', (image, why) => {
    expect(imageReferenceProblem(image)).toContain(why);
    expect(isImageReference(image)).toBe(false);
  });
});

it('answers in linear time on adversarial input', () => {
  const started = performance.now();
  for (const image of [
    'a'.repeat(511) + '!',
    'a-'.repeat(255) + '!',
    'a.'.repeat(255) + ':',
    'a/'.repeat(255),
  ])
    imageReferenceProblem(image);
  expect(performance.now() - started).toBeLessThan(200);
});

describe('templateImageProblem', () => {
  it.each([
    '${IMAGE}',
    'nginx:${TAG}',
    '${REGISTRY}/app:${TAG}',
    'ghcr.io/${OWNER}/app',
    'registry:${PORT}/app',
    'app@sha256:${DIGEST}',
    'postgres:16',
  ])('accepts %s', (image) => expect(templateImageProblem(image)).toBeNull());

  it.each(['nginx ${TAG}', '${IMAGE}; rm -rf /', 'nginx:${TAG}\n', 'Nginx:${TAG}', '${A} ${B}'])(
    'refuses %j',
    (image) => expect(templateImageProblem(image)).not.toBeNull(),
  );
});
