# syntax=docker/dockerfile:1
# The k8s-scheduler image for people with Docker (or Podman, or BuildKit): the same layout that
# tools/image/build.sh assembles without a daemon — Debian 12 runtime libraries, certificates and time
# zones, the Node 24 binary, the release (npm run build -> dist/k8s-scheduler) in /app, the user
# nonroot (65532), NODE_ENV=production, DATA_DIR=/data, `server` by default.
#
# It cannot be built on the machine this project is developed and tested on: there is no Docker
# daemon there and no base image can be pulled. The image the tests run is the one
# tools/image/build.sh writes; keep the two in step (entrypoint, user, environment, ports).
#
#   docker build -t k8s-scheduler .
#   docker run --rm -p 8081:8081 -e NODE_ENV=development -v ks-data:/data k8s-scheduler start

FROM node:24-bookworm AS release
WORKDIR /src
COPY . .
RUN npm ci --no-audit --no-fund && npm run build

FROM debian:12-slim AS rootfs
RUN apt-get update && mkdir /debs && cd /debs \
 && apt-get download libc6 libstdc++6 libgcc-s1 ca-certificates tzdata \
 && mkdir /rootfs && for deb in /debs/*.deb; do dpkg-deb -x "$deb" /rootfs; done \
 && rm -rf /rootfs/usr/share/man /rootfs/usr/share/info /rootfs/usr/share/lintian /rootfs/usr/share/locale \
           /rootfs/usr/share/gcc /rootfs/usr/share/gdb /rootfs/etc/ld.so.conf.d /rootfs/usr/sbin /rootfs/sbin /rootfs/usr/bin \
 && find /rootfs/usr/share/doc -type f ! -name copyright -delete \
 && mkdir -p /rootfs/etc/ssl/certs && find /rootfs/usr/share/ca-certificates -name '*.crt' | sort | xargs cat > /rootfs/etc/ssl/certs/ca-certificates.crt \
 && printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nnonroot:x:65532:65532:k8s-scheduler:/home/nonroot:/usr/sbin/nologin\n' > /rootfs/etc/passwd \
 && printf 'root:x:0:\nnonroot:x:65532:\n' > /rootfs/etc/group \
 && printf 'hosts: files dns\n' > /rootfs/etc/nsswitch.conf \
 && ln -sf /usr/share/zoneinfo/Etc/UTC /rootfs/etc/localtime \
 && mkdir -p /rootfs/proc /rootfs/dev /rootfs/sys /rootfs/tmp /rootfs/root /rootfs/home/nonroot /rootfs/data \
 && chmod 1777 /rootfs/tmp && chown 65532:65532 /rootfs/home/nonroot /rootfs/data

FROM scratch
COPY --from=rootfs /rootfs/ /
COPY --from=release /usr/local/bin/node /usr/local/bin/node
COPY --from=release /src/dist/k8s-scheduler /app
USER 65532:65532
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 DATA_DIR=/data METRICS_HOST=0.0.0.0 \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt TZ=UTC
EXPOSE 8081 9464
ENTRYPOINT ["/usr/local/bin/node", "/app/bin/k8s-scheduler.mjs"]
CMD ["server"]
