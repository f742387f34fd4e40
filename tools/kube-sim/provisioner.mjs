// kube-sim's volume provisioner: the process behind the cluster's default StorageClass `standard`
// (provisioner `kube-sim.io/hostpath`). Like a CSI external-provisioner it creates a
// PersistentVolume for every claim the PV controller hands to it (annotation
// volume.kubernetes.io/storage-provisioner), pre-bound to that claim, with the claim's size and
// access modes, and a hostPath directory under the cluster directory; the controller-manager then
// binds the pair. Volumes whose claim is gone (Released) are deleted with their directory. No data
// is ever read or written: kwok runs no containers.
//
//   node tools/kube-sim/provisioner.mjs --dir <cluster dir>/ --api https://127.0.0.1:<port>
// Polls once a second (a few list calls: cheap on a test cluster) and logs one line per action.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { parseArgs } from 'node:util';

const PROVISIONER = 'kube-sim.io/hostpath';
const { values } = parseArgs({ options: { dir: { type: 'string' }, api: { type: 'string' } } });
if (!values.dir || !values.api) {
  console.error('usage: provisioner.mjs --dir <cluster dir> --api <https url>');
  process.exit(2);
}
const pki = path.join(values.dir, 'pki');
const volumes = path.join(values.dir, 'volumes');
const agent = new https.Agent({
  ca: readFileSync(path.join(pki, 'ca.crt')),
  cert: readFileSync(path.join(pki, 'admin.crt')),
  key: readFileSync(path.join(pki, 'admin.key')),
  keepAlive: true,
});
const log = (msg) => console.log(`${new Date().toISOString()} ${msg}`);

function call(method, urlPath, body) {
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(urlPath, values.api),
      {
        method,
        agent,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        timeout: 10_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function provision(claim) {
  const name = `pvc-${claim.metadata.uid}`;
  const dir = path.join(volumes, name);
  mkdirSync(dir, { recursive: true });
  const res = await call('POST', '/api/v1/persistentvolumes', {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, annotations: { 'pv.kubernetes.io/provisioned-by': PROVISIONER } },
    spec: {
      capacity: { storage: claim.spec.resources?.requests?.storage ?? '1Gi' },
      accessModes: claim.spec.accessModes?.length ? claim.spec.accessModes : ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: claim.spec.storageClassName,
      volumeMode: claim.spec.volumeMode ?? 'Filesystem',
      claimRef: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        namespace: claim.metadata.namespace,
        name: claim.metadata.name,
        uid: claim.metadata.uid,
      },
      hostPath: { path: dir, type: 'DirectoryOrCreate' },
    },
  });
  if (res.status === 201) log(`provisioned ${name} (${claim.metadata.namespace}/${claim.metadata.name})`);
  else if (res.status !== 409) log(`could not provision ${name}: ${res.status} ${res.body?.message ?? ''}`);
}

async function reclaim(volume) {
  const res = await call('DELETE', `/api/v1/persistentvolumes/${volume.metadata.name}`);
  if (res.status === 200 || res.status === 404) {
    rmSync(path.join(volumes, volume.metadata.name), { recursive: true, force: true });
    if (res.status === 200) log(`deleted ${volume.metadata.name} (its claim is gone)`);
  }
}

async function tick() {
  const [claims, pvs] = await Promise.all([
    call('GET', '/api/v1/persistentvolumeclaims'),
    call('GET', '/api/v1/persistentvolumes'),
  ]);
  if (claims.status !== 200 || pvs.status !== 200) return;
  const existing = new Set(pvs.body.items.map((v) => v.metadata.name));
  for (const claim of claims.body.items) {
    const ours =
      claim.metadata.annotations?.['volume.kubernetes.io/storage-provisioner'] === PROVISIONER ||
      claim.metadata.annotations?.['volume.beta.kubernetes.io/storage-provisioner'] === PROVISIONER;
    if (
      ours &&
      claim.status?.phase === 'Pending' &&
      !claim.spec.volumeName &&
      !existing.has(`pvc-${claim.metadata.uid}`)
    ) {
      await provision(claim);
    }
  }
  for (const volume of pvs.body.items) {
    const mine = volume.metadata.annotations?.['pv.kubernetes.io/provisioned-by'] === PROVISIONER;
    if (
      mine &&
      ['Released', 'Failed'].includes(volume.status?.phase) &&
      volume.spec.persistentVolumeReclaimPolicy === 'Delete'
    ) {
      await reclaim(volume);
    }
  }
}

log(`provisioner ${PROVISIONER} watching ${values.api}`);
let stopping = false;
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => (stopping = true));
while (!stopping) {
  await tick().catch((err) => log(`tick failed: ${err.message}`));
  await new Promise((r) => setTimeout(r, 1000));
}
process.exit(0);
