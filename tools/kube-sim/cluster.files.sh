# Sourced by cluster.sh: the files a kube-sim cluster needs (certificates, kubeconfig, kwok config).
# Uses cluster.sh's variables: name, dir, pki, kubeconfig, api_port; and its log/die helpers.

# --- certificates (openssl, ECDSA P-256: fast to generate), generated once per cluster dir ---
make_pki() {
  [ -f "$pki/.done-v3" ] && return 0
  log "generating certificates in $pki"
  rm -rf "$pki"; mkdir -p "$pki"; chmod 700 "$pki"
  (
    cd "$pki"
    exec 2>openssl.log
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.crt -days 3650 -subj "/CN=kube-sim-$name-ca"
    leaf() { # leaf <file> <subject> <extensions>
      openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2"
      printf '%s\n' "$3" >"$1.ext"
      openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$1.crt" -days 3650 -extfile "$1.ext"
      rm -f "$1.csr"
    }
    leaf apiserver "/CN=kube-apiserver" "$(printf '%s\n' \
      'basicConstraints=CA:FALSE' 'keyUsage=digitalSignature,keyEncipherment' 'extendedKeyUsage=serverAuth' \
      'subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local')"
    leaf admin "/O=system:masters/CN=kube-sim-admin" "$(printf '%s\n' \
      'basicConstraints=CA:FALSE' 'keyUsage=digitalSignature,keyEncipherment' 'extendedKeyUsage=clientAuth')"
    # kwok serves the kubelet API (pod logs) over TLS; the apiserver verifies it against the CA.
    leaf kwok "/CN=kwok" "$(printf '%s\n' \
      'basicConstraints=CA:FALSE' 'keyUsage=digitalSignature,keyEncipherment' 'extendedKeyUsage=serverAuth' \
      'subjectAltName=IP:127.0.0.1,DNS:localhost')"
    # The apiserver's client identity towards kwok's kubelet API.
    leaf kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" "$(printf '%s\n' \
      'basicConstraints=CA:FALSE' 'keyUsage=digitalSignature,keyEncipherment' 'extendedKeyUsage=clientAuth')"
    # Aggregation layer (request-header authentication): its own CA, as kubeadm does.
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout front-proxy-ca.key -out front-proxy-ca.crt -days 3650 -subj "/CN=kube-sim-$name-front-proxy-ca"
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout front-proxy-client.key -out front-proxy-client.csr -subj "/CN=front-proxy-client"
    printf '%s\n' 'basicConstraints=CA:FALSE' 'keyUsage=digitalSignature,keyEncipherment' 'extendedKeyUsage=clientAuth' >front-proxy-client.ext
    openssl x509 -req -in front-proxy-client.csr -CA front-proxy-ca.crt -CAkey front-proxy-ca.key -CAcreateserial -out front-proxy-client.crt -days 3650 -extfile front-proxy-client.ext
    rm -f front-proxy-client.csr
    openssl ecparam -name prime256v1 -genkey -noout -out sa.key
    openssl ec -in sa.key -pubout -out sa.pub
  ) || { cat "$pki/openssl.log" >&2; die "openssl failed"; }
  chmod 600 "$pki"/*.key
  touch "$pki/.done-v3"
}

write_kubeconfig() {
  local b64="base64 -w0"
  cat >"$kubeconfig.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: kube-sim-$name
  cluster:
    server: https://127.0.0.1:$api_port
    certificate-authority-data: $($b64 "$pki/ca.crt")
users:
- name: kube-sim-$name-admin
  user:
    client-certificate-data: $($b64 "$pki/admin.crt")
    client-key-data: $($b64 "$pki/admin.key")
contexts:
- name: kube-sim-$name
  context:
    cluster: kube-sim-$name
    user: kube-sim-$name-admin
current-context: kube-sim-$name
EOF
  chmod 600 "$kubeconfig.tmp"
  mv "$kubeconfig.tmp" "$kubeconfig"
}

write_kwok_config() {
  mkdir -p "$dir/kwok"
  # The log every fake container "prints", in the CRI log format the kubelet API reads.
  local now; now="$(date -u +%Y-%m-%dT%H:%M:%S.000000000Z)"
  cat >"$dir/kwok/container.log" <<EOF
$now stdout F kube-sim: container started on a kwok fake node
$now stdout F kube-sim: listening on :8080
$now stderr F kube-sim: this line went to stderr
EOF
  cat >"$dir/kwok/kwok.yaml" <<EOF
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: all-containers
spec:
  logs:
  - logsFile: $dir/kwok/container.log
    previousLogsFile: $dir/kwok/container.log
EOF
}
