# syntax=docker/dockerfile:1
# The webhook image: built on the current Node.js LTS, runs as a non-root user on a read-only
# root filesystem (manifests/server/deployment.yaml).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/compile.mjs ./scripts/
COPY src ./src
COPY webhook ./webhook
COPY bpf-profiler/agent ./bpf-profiler/agent
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY policies/bundle ./policies/bundle
USER 65532:65532
EXPOSE 8443
ENTRYPOINT ["node", "dist/webhook/main.js"]
