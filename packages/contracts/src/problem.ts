import { z } from 'zod';

/** One validation issue of a problem body: where (a JSON pointer-ish path) and what. */
export const problemIssueSchema = z.object({
  path: z.string().describe('Dotted path of the offending field, e.g. "body.services.0.image"'),
  message: z.string(),
  line: z.number().int().optional().describe('1-based line, for YAML input'),
  column: z.number().int().optional().describe('1-based column, for YAML input'),
});
export type ProblemIssue = z.infer<typeof problemIssueSchema>;

/** RFC 9457 problem details, as every error of the API is written. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('Stable snake_case error code (ERROR_CODES of @k8s-scheduler/domain)'),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(problemIssueSchema).optional(),
  })
  .catchall(z.unknown());
export type Problem = z.infer<typeof problemSchema>;
