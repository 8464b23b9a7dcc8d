# Worker, API and codec-server image: docker build -t infinitymix-workflows .
# BASE_IMAGE: a Debian bookworm image with Node 20 and npm in /usr/local/bin and a `node` user (uid 1000).
# The public node image by default; scripts/compose-images.sh passes a local one on machines that reach no
# image registry (docker/local-node). Build with --network host where the default bridge has no way out.
ARG BASE_IMAGE=node:20-bookworm-slim

FROM ${BASE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# `npm install` on the lock installs exactly the locked versions (see scripts/install.sh for why not `npm ci`).
RUN npm install --no-audit --no-fund --loglevel=error
COPY . .
# Prisma's engine is never run by `generate` (scripts/prisma-generate.sh); the client runs on @prisma/adapter-pg.
RUN PRISMA_SCHEMA_ENGINE_BINARY=/bin/true PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1 npx prisma generate \
 && npm run build \
 && npm prune --omit=dev --no-audit --no-fund --loglevel=error

FROM ${BASE_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg fluidsynth timgm6mb-soundfont yt-dlp ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/package.json ./
USER node
# Default: the worker for every task queue (WORKER_TASK_QUEUES picks fewer); the API, the codec server and
# the set-up job override the command.
CMD ["node", "dist/worker.js"]
