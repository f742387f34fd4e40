import { substitute } from './template.refs';

/**
 * Container image references, checked against the OCI / Docker distribution reference grammar:
 *
 *     reference  := name [ ":" tag ] [ "@" digest ]
 *     name       := [ host [ ":" port ] "/" ] path-component ( "/" path-component )*
 *     host       := domain-component ( "." domain-component )* | "[" IPv6 "]"
 *     path-component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
 *     tag        := [\w][\w.-]{0,127}
 *     digest     := algorithm ":" hex        algorithm := [a-z][a-z0-9]* ( [+._-] [a-z][a-z0-9]* )*
 *
 * The name is at most 255 characters. No whitespace, newline or shell character can pass.
 */

/** Longest name (registry host and path, without tag and digest), as in the distribution grammar. */
export const MAX_IMAGE_NAME_LENGTH = 255;
/** Cap on a whole reference: a name, a 128-character tag and a long digest fit. */
export const MAX_IMAGE_REFERENCE_LENGTH = 512;

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const NAME = `(?:${HOST}(?::[0-9]+)?/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::${TAG})?(?:@${DIGEST})?$`);

/** Why `image` is not a valid image reference, in plain words, or null when it is one. */
export function imageReferenceProblem(image: string): string | null {
  if (image.length === 0) return 'must not be empty';
  if (image.length > MAX_IMAGE_REFERENCE_LENGTH)
    return `must be at most ${MAX_IMAGE_REFERENCE_LENGTH} characters (it has ${image.length})`;
  if (/\s/.test(image)) return 'must not contain whitespace';
  const match = REFERENCE.exec(image);
  if (!match) {
    return 'is not an image reference such as nginx:1.27, ghcr.io/owner/app:v1 or app@sha256:<hex>';
  }
  const name = match[1] as string;
  if (name.length > MAX_IMAGE_NAME_LENGTH)
    return `has a name of ${name.length} characters; at most ${MAX_IMAGE_NAME_LENGTH} are allowed`;
  return null;
}

/** Whether `image` is a valid image reference. */
export const isImageReference = (image: string) => imageReferenceProblem(image) === null;

/**
 * The same check for a template's image before substitution: each `${VAR}` placeholder stands for
 * a value that makes the rest valid (digits, or a 64-digit hex string where a digest is expected),
 * so `${REGISTRY}/app:${TAG}` passes and `nginx ${TAG}` does not. The rendered image is checked
 * again once the variables are known.
 */
export function templateImageProblem(image: string): string | null {
  if (!image.includes('${')) return imageReferenceProblem(image);
  const problems = ['0', '0'.repeat(64)].map((stand) =>
    imageReferenceProblem(substitute(image, () => stand)),
  );
  return problems.includes(null) ? null : (problems[0] ?? null);
}
