# syntax=docker/dockerfile:1
# hamstring-cds as a container image. Every stage starts from the same Node 20 image on Debian 12,
# so better-sqlite3's native addon, compiled in a build stage, runs on the same Node and glibc at
# run time.
#   docker build -t hamstring-cds:0.1.0 .
ARG NODE_IMAGE=node:20-bookworm-slim

# What compiles native addons (better-sqlite3, when no prebuilt binary fits), and the lock file.
FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./

# Every dependency (TypeScript, the types), then the compiled service in dist/.
FROM toolchain AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# The production dependencies alone, exactly as the lock file says.
FROM toolchain AS dependencies
RUN npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
# NODE_ENV=production: the service refuses to start until it is configured for production (see the
# README's configuration table). DATA_DIR holds the embedded store only when no DATABASE_URL is set,
# outside production (one container, to try it).
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/var/lib/hamstring-cds
WORKDIR /app
# Owned by root and read-only to the service: it cannot change its own code.
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json cds-services.json ./
RUN mkdir -p /var/lib/hamstring-cds && chown 1000:1000 /var/lib/hamstring-cds
VOLUME ["/var/lib/hamstring-cds"]
# The image's "node" user, by number, so that Kubernetes can check runAsNonRoot.
USER 1000:1000
EXPOSE 3000
# Liveness: GET /healthz checks no dependency, so a slow database never gets the container restarted.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# server.ts drains on SIGTERM: not ready, no new calls, calls in flight finish (SHUTDOWN_GRACE_MS).
STOPSIGNAL SIGTERM
CMD ["node", "dist/server.js"]
