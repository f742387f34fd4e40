import { templateImageProblem } from './image.reference';
import { classifyReference, findReferences } from './template.refs';

export type IssuePath = (string | number)[];
export interface TemplateIssue {
  path: IssuePath;
  message: string;
}

// The checks run even when some fields failed their own validation (so every problem is reported
// at once), hence they read the value defensively and skip whatever does not have the right shape.
type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** Service env entries as `[name, value, path within the service]`, whichever form the author used. */
export function serviceEnvEntries(service: { env?: unknown }): [string, string, IssuePath][] {
  const env = service.env;
  if (Array.isArray(env)) {
    return env.flatMap((e, i): [string, string, IssuePath][] => {
      const name = str(obj(e)?.name);
      const value = obj(e)?.value;
      return name !== undefined && value !== undefined ? [[name, String(value), ['env', i, 'value']]] : [];
    });
  }
  return Object.entries(obj(env) ?? {}).map(([name, value]): [string, string, IssuePath] => [
    name,
    String(value),
    ['env', name],
  ]);
}

function duplicates(items: unknown[], key: (item: Obj) => unknown, report: (index: number) => void): void {
  const seen = new Set<unknown>();
  items.forEach((item, index) => {
    const k = key(obj(item) ?? {});
    if (k === undefined) return;
    if (seen.has(k)) report(index);
    seen.add(k);
  });
}

function joined(values: readonly unknown[]): string {
  return values.length ? values.map(String).join(', ') : 'none';
}

/** Checks across fields that per-field rules cannot express. Messages are plain predicates. */
export function checkTemplate(value: unknown): TemplateIssue[] {
  const t = obj(value) ?? {};
  const issues: TemplateIssue[] = [];
  const add = (path: IssuePath, message: string) => issues.push({ path, message });
  const services = list(t.services);
  const envVars = list(t.envVars);

  duplicates(
    services,
    (s) => s.name,
    (i) => add(['services', i, 'name'], 'is already used by another service'),
  );
  duplicates(
    envVars,
    (v) => v.name,
    (i) => add(['envVars', i, 'name'], 'is declared twice'),
  );
  const declared = new Map<string, Obj>();
  envVars.forEach((raw, i) => {
    const v = obj(raw) ?? {};
    const name = str(v.name);
    if (name !== undefined && !declared.has(name)) declared.set(name, v);
    if (v.secret === true && v.default !== undefined) {
      add(
        ['envVars', i, 'default'],
        'is not allowed on a secret variable (secret values never live in templates)',
      );
    }
  });

  const serviceNames = new Set(services.map((s) => obj(s)?.name).filter((n) => typeof n === 'string'));
  const exposed: { service: unknown; port: unknown; path: IssuePath }[] = [];
  services.forEach((raw, si) => {
    const service = obj(raw) ?? {};
    const at = (...rest: IssuePath): IssuePath => ['services', si, ...rest];
    const ports = list(service.ports).map((p) => obj(p) ?? {});
    duplicates(
      ports,
      (p) => p.containerPort,
      (i) => add(at('ports', i, 'containerPort'), 'is listed twice'),
    );
    duplicates(
      list(service.configFiles),
      (f) => f.path,
      (i) => add(at('configFiles', i, 'path'), 'is listed twice'),
    );
    duplicates(
      list(service.volumes),
      (v) => v.name,
      (i) => add(at('volumes', i, 'name'), 'is already used by another volume'),
    );
    duplicates(
      list(service.env),
      (e) => e.name,
      (i) => add(at('env', i, 'name'), 'is set twice'),
    );
    ports.forEach((p, pi) => {
      if (p.expose === true)
        exposed.push({ service: service.name, port: p.containerPort, path: at('ports', pi, 'expose') });
    });

    const portNumbers = ports.map((p) => num(p.containerPort)).filter((p) => p !== undefined);
    const check = obj(service.healthCheck);
    if (check) {
      const http = obj(check.http);
      const tcp = obj(check.tcp);
      if ((http ? 1 : 0) + (tcp ? 1 : 0) !== 1)
        add(at('healthCheck'), 'must have exactly one of http or tcp');
      const probe = http ? 'http' : 'tcp';
      const probePort = num((http ?? tcp)?.port);
      if ((http ?? tcp) && probePort === undefined && portNumbers.length === 0) {
        add(at('healthCheck', probe), 'needs a port: set one here or add one to ports');
      } else if (probePort !== undefined && !portNumbers.includes(probePort)) {
        add(at('healthCheck', probe, 'port'), `must be one of the service's ports (${joined(portNumbers)})`);
      }
    }

    const checkRefs = (text: unknown, path: IssuePath, secretsAllowed: boolean) => {
      if (typeof text !== 'string') return;
      for (const ref of findReferences(text)) {
        const what = classifyReference(ref);
        if (what.kind === 'unknown') {
          add(
            path,
            `uses \${${ref}}, which is not a variable, \${deployment.name|host|url} or \${services.<name>.host}`,
          );
        } else if (what.kind === 'service' && !serviceNames.has(what.service)) {
          add(path, `uses \${${ref}}, but the template has no service "${what.service}"`);
        } else if (what.kind === 'variable') {
          const variable = declared.get(what.name);
          if (!variable) add(path, `uses \${${ref}}, which is not declared in envVars`);
          else if (variable.secret === true && !secretsAllowed) {
            add(path, `cannot use the secret variable \${${ref}} (secrets can be used only in env)`);
          }
        }
      }
    };
    checkRefs(service.image, at('image'), false);
    const image = str(service.image);
    const imageProblem = image ? templateImageProblem(image) : null;
    if (imageProblem) add(at('image'), imageProblem);
    list(service.command).forEach((c, i) => checkRefs(c, at('command', i), false));
    list(service.args).forEach((a, i) => checkRefs(a, at('args', i), false));
    list(service.configFiles).forEach((f, i) =>
      checkRefs(obj(f)?.content, at('configFiles', i, 'content'), false),
    );
    for (const [, text, path] of serviceEnvEntries(service)) checkRefs(text, at(...path), true);
  });

  for (const e of exposed.slice(1)) add(e.path, 'only one port of the template can be exposed');
  const ingress = obj(t.ingress);
  if (ingress) {
    const target = services.map((s) => obj(s) ?? {}).find((s) => s.name === ingress.service);
    if (!target) {
      add(
        ['ingress', 'service'],
        `must name one of the services (${joined([...new Set(services.map((s) => obj(s)?.name).filter(Boolean))])})`,
      );
    } else if (!list(target.ports).some((p) => obj(p)?.containerPort === ingress.port)) {
      const ports = list(target.ports).map((p) => obj(p)?.containerPort);
      add(
        ['ingress', 'port'],
        `must be one of the ports of service "${String(target.name)}" (${joined(ports)})`,
      );
    }
    const first = exposed[0];
    if (first && (first.service !== ingress.service || first.port !== ingress.port)) {
      add(first.path, 'contradicts ingress: expose the port that ingress names, or drop one of them');
    }
  }
  return issues;
}
